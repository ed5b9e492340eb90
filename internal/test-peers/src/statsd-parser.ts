/**
 * A strict parser of the plain StatsD lines this transport writes with `tagFormat: "dogstatsd"`:
 * `name:value|type[|@rate][:value|type[|@rate]…][|#tag:value,…]`. Anything else throws, so a
 * test fails on a malformed line instead of guessing.
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

export function parseStatsdLine(line: string): StatsdLine {
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

/** Every line of every datagram, parsed. */
export function parseStatsdDatagrams(datagrams: readonly Buffer[]): StatsdLine[] {
  return datagrams.flatMap((datagram) =>
    datagram
      .toString("utf8")
      .split("\n")
      .map((line) => parseStatsdLine(line)),
  );
}
