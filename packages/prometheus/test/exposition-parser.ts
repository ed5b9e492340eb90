/** One sample line of the Prometheus text format. */
export interface Sample {
  /** The family (from `# TYPE`) this sample belongs to. */
  family: string;
  type: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

// `s`: a label value may hold any character but a line feed (a carriage return included).
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/s;

/**
 * A strict parser of the text exposition format 0.0.4: every line must be a `# HELP`, a
 * `# TYPE`, or a sample of the family last typed; anything else fails the test that reads it.
 */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  let family = "";
  let type = "";
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("# HELP ")) continue;
    if (line.startsWith("# TYPE ")) {
      [family, type] = line.slice(7).split(" ") as [string, string];
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText, value] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    if (name !== family && !name.startsWith(`${family}_`)) {
      throw new Error(`sample ${name} outside its family ${family}`);
    }
    samples.push({
      family,
      type,
      name,
      labels: parseLabels(labelText ?? ""),
      value: Number(value),
    });
  }
  return samples;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === "") return labels;
  const body = text.slice(1, -1);
  const seen = new Set<string>();
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('="', i);
    if (eq < 0) throw new Error(`bad labels: ${text}`);
    const name = body.slice(i, eq);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new Error(`bad label name: ${name}`);
    let value = "";
    let j = eq + 2;
    for (; j < body.length && body[j] !== '"'; j++) {
      if (body[j] === "\\") {
        const next = body[++j];
        value += next === "n" ? "\n" : next;
      } else value += body[j];
    }
    if (j >= body.length) throw new Error(`unterminated label value: ${text}`);
    if (seen.has(name)) throw new Error(`label ${name} twice: ${text}`);
    seen.add(name);
    // Prometheus treats a label with an empty value as absent.
    if (value !== "") Object.defineProperty(labels, name, { value, enumerable: true });
    i = j + 1;
    if (body[i] === ",") i++;
  }
  return labels;
}
