/**
 * A strict parser of plain StatsD lines in each tag format `@metrics/statsd` writes:
 * `dogstatsd`: `name:value|type[|@rate][:value|type[|@rate]…][|#tag:value,…]`; `graphite`:
 * `name;tag=value…:value|type…`; `influx`: `name,tag=value…:value|type…`; `none`: no tags.
 * Anything else throws, so a test fails on a malformed line instead of guessing.
 */
export interface StatsdValue {
  type: "c" | "g" | "ms" | "s";
  /** The value text as sent (a set member, or a number). */
  value: string;
  sampleRate: number;
}

export interface StatsdLine {
  name: string;
  tags: Array<[string, string]>;
  values: StatsdValue[];
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

/** The tag formats of plain StatsD lines. */
export type StatsdTagFormat = "dogstatsd" | "graphite" | "influx" | "none";

/** The separators of the formats that put tags in the name: between tags, and in a tag. */
const NAME_TAGS = { graphite: [";", "="], influx: [",", "="] } as const;

export function parseStatsdLine(
  line: string,
  tagFormat: StatsdTagFormat = "dogstatsd",
): StatsdLine {
  if (tagFormat === "graphite" || tagFormat === "influx") return parseNameTags(line, tagFormat);
  if (tagFormat === "none" && line.includes("|#")) {
    throw new Error(`tags in a line of tag format none: ${JSON.stringify(line)}`);
  }
  const tagStart = line.indexOf("|#");
  const body = tagStart === -1 ? line : line.slice(0, tagStart);
  const tags: Array<[string, string]> = [];
  if (tagStart !== -1) {
    for (const tag of line.slice(tagStart + 2).split(",")) {
      const colon = tag.indexOf(":");
      if (colon === -1) throw new Error(`tag without value in ${JSON.stringify(line)}`);
      const name = tag.slice(0, colon);
      const value = tag.slice(colon + 1);
      if (value.includes(":")) throw new Error(`colon in tag value in ${JSON.stringify(line)}`);
      tags.push([name, value]);
    }
  }
  const [name, ...parts] = body.split(":");
  if (name === undefined || name === "" || parts.length === 0) {
    throw new Error(`no name or value in ${JSON.stringify(line)}`);
  }
  const values = parts.map((part): StatsdValue => {
    const fields = part.split("|");
    const [value, type, rate, ...extra] = fields;
    if (extra.length > 0 || value === undefined)
      throw new Error(`bad fields in ${JSON.stringify(line)}`);
    if (type !== "c" && type !== "g" && type !== "ms" && type !== "s") {
      throw new Error(`bad type ${type} in ${JSON.stringify(line)}`);
    }
    if (type !== "s" && !NUMBER.test(value))
      throw new Error(`bad number in ${JSON.stringify(line)}`);
    let sampleRate = 1;
    if (rate !== undefined) {
      if (!/^@(0|1)?\.\d+$|^@1$/.test(rate)) throw new Error(`bad rate in ${JSON.stringify(line)}`);
      sampleRate = Number(rate.slice(1));
    }
    return { type, value, sampleRate };
  });
  return { name, tags, values };
}

/** `name;k=v…:values` or `name,k=v…:values`: tags before the first `:`. */
function parseNameTags(line: string, format: "graphite" | "influx"): StatsdLine {
  const [between, within] = NAME_TAGS[format];
  const colon = line.indexOf(":");
  if (colon === -1 || line.includes("|#"))
    throw new Error(`bad ${format} line ${JSON.stringify(line)}`);
  const [name, ...pairs] = line.slice(0, colon).split(between);
  const tags = pairs.map((pair): [string, string] => {
    const parts = pair.split(within);
    if (parts.length !== 2 || parts[0] === "") {
      throw new Error(`bad ${format} tag ${JSON.stringify(pair)} in ${JSON.stringify(line)}`);
    }
    return [parts[0]!, parts[1]!];
  });
  const parsed = parseStatsdLine(`${name}${line.slice(colon)}`, "none");
  return { ...parsed, tags };
}

/** Every line of every datagram, parsed. */
export function parseStatsdDatagrams(
  datagrams: readonly Buffer[],
  tagFormat: StatsdTagFormat = "dogstatsd",
): StatsdLine[] {
  return datagrams.flatMap((datagram) =>
    datagram
      .toString("utf8")
      .split("\n")
      .map((line) => parseStatsdLine(line, tagFormat)),
  );
}
