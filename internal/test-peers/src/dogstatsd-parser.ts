/**
 * A strict reader of DogStatsD datagrams, written from Datadog's published datagram format
 * (docs.datadoghq.com/extend/dogstatsd/datagram_shell) and protocol 1.1 (multi-value packing):
 *
 *   <name>:<value>[:<value>...]|<type>[|@<rate>][|#<tag>,<tag>...][|T<unix ts>][|c:<container>]
 *   _e{<title bytes>,<text bytes>}:<title>|<text>[|d:<ts>][|h:<host>][|k:<key>][|p:<prio>]
 *       [|s:<source>][|t:<alert type>][|#<tags>]
 *
 * It is deliberately stricter than the Agent: anything the Agent would have to guess about
 * (empty names, unknown types, rates outside (0, 1], repeated fields, reserved characters where
 * they cannot be, empty lines, invalid UTF-8) throws a MalformedDatagramError naming the line.
 */

export type MetricType = "c" | "g" | "d" | "h" | "ms" | "s";

export interface ParsedMetric {
  kind: "metric";
  name: string;
  type: MetricType;
  /** Numeric values (several when packed, protocol 1.1); empty for sets. */
  values: number[];
  /** The set member, for type `s`. */
  member: string | undefined;
  sampleRate: number;
  /** Tags as sent, in order (`key:value` or bare `key`). */
  tags: string[];
  timestamp: number | undefined;
  container: string | undefined;
}

export interface ParsedEvent {
  kind: "event";
  title: string;
  text: string;
  timestamp: number | undefined;
  hostname: string | undefined;
  aggregationKey: string | undefined;
  priority: "normal" | "low" | undefined;
  sourceType: string | undefined;
  alertType: "error" | "warning" | "info" | "success" | undefined;
  tags: string[];
}

export type ParsedLine = ParsedMetric | ParsedEvent;

export class MalformedDatagramError extends Error {
  override readonly name = "MalformedDatagramError";
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(`${message}: ${JSON.stringify(line.length > 300 ? `${line.slice(0, 300)}…` : line)}`);
  }
}

const METRIC_TYPES = new Set<string>(["c", "g", "d", "h", "ms", "s"]);
/** Characters that can never appear in a metric name or a tag key. */
const NAME_FORBIDDEN = /[|:,#@\s\p{Cc}]/u;
/** Characters that can never appear in a tag value (`:` may, after the first one). */
const TAG_VALUE_FORBIDDEN = /[|,#\p{Cc}]/u;
const EVENT_TEXT_FORBIDDEN = /[^\P{Cc}\t]/u;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes one datagram (every line must be valid); `\n` separates lines, none may be empty. */
export function parseDatagram(payload: Uint8Array | string): ParsedLine[] {
  let text: string;
  if (typeof payload === "string") {
    text = payload;
  } else {
    try {
      text = decoder.decode(payload);
    } catch {
      throw new MalformedDatagramError("invalid UTF-8", Buffer.from(payload).toString("latin1"));
    }
  }
  if (text.length === 0) throw new MalformedDatagramError("empty datagram", text);
  return text.split("\n").map(parseLine);
}

export function parseLine(line: string): ParsedLine {
  if (line.length === 0) throw new MalformedDatagramError("empty line", line);
  if (line.startsWith("_e{")) return parseEvent(line);
  if (line.startsWith("_sc|")) throw new MalformedDatagramError("unexpected service check", line);
  return parseMetric(line);
}

function parseMetric(line: string): ParsedMetric {
  const fields = line.split("|");
  const head = fields[0]!;
  const type = fields[1];
  if (type === undefined || !METRIC_TYPES.has(type)) {
    throw new MalformedDatagramError(`bad or missing metric type ${JSON.stringify(type)}`, line);
  }
  const colon = head.indexOf(":");
  if (colon <= 0) throw new MalformedDatagramError("empty metric name or no value", line);
  const name = head.slice(0, colon);
  checkName(name, "metric name", line);
  const rawValues = head.slice(colon + 1);
  const metric: ParsedMetric = {
    kind: "metric",
    name,
    type: type as MetricType,
    values: [],
    member: undefined,
    sampleRate: 1,
    tags: [],
    timestamp: undefined,
    container: undefined,
  };
  if (type === "s") {
    // Sets are never packed: one member, which must not contain a value separator.
    if (rawValues.length === 0 || /[:\p{Cc}]/u.test(rawValues)) {
      throw new MalformedDatagramError("bad set member", line);
    }
    metric.member = rawValues;
  } else {
    for (const raw of rawValues.split(":")) metric.values.push(parseNumber(raw, line));
  }
  const seen = new Set<string>();
  for (const field of fields.slice(2)) {
    const kind = field.startsWith("c:") ? "c:" : field.charAt(0);
    if (seen.has(kind)) throw new MalformedDatagramError(`repeated field ${kind}`, line);
    seen.add(kind);
    if (kind === "@") {
      const rate = parseNumber(field.slice(1), line);
      if (!(rate > 0 && rate <= 1)) throw new MalformedDatagramError("rate outside (0, 1]", line);
      if (type === "g" || type === "s") {
        throw new MalformedDatagramError("sample rate on a gauge or set", line);
      }
      metric.sampleRate = rate;
    } else if (kind === "#") {
      metric.tags = parseTags(field.slice(1), line);
    } else if (kind === "T") {
      const ts = field.slice(1);
      if (!/^\d+$/.test(ts)) throw new MalformedDatagramError("bad timestamp", line);
      metric.timestamp = Number(ts);
    } else if (kind === "c:") {
      const container = field.slice(2);
      if (container.length === 0 || /[\s,#]/u.test(container)) {
        throw new MalformedDatagramError("bad container field", line);
      }
      metric.container = container;
    } else {
      throw new MalformedDatagramError(`unknown field ${JSON.stringify(field)}`, line);
    }
  }
  return metric;
}

function parseEvent(line: string): ParsedEvent {
  const header = /^_e\{(\d+),(\d+)\}:/.exec(line);
  if (!header) throw new MalformedDatagramError("bad event header", line);
  const titleBytes = Number(header[1]);
  const textBytes = Number(header[2]);
  // The lengths count UTF-8 bytes, so slice the bytes, not the UTF-16 string.
  const body = Buffer.from(line.slice(header[0].length), "utf8");
  if (titleBytes === 0 || body.length < titleBytes + 1 + textBytes) {
    throw new MalformedDatagramError("event lengths do not match", line);
  }
  const title = decodeStrict(body.subarray(0, titleBytes), line);
  if (body[titleBytes] !== 0x7c) throw new MalformedDatagramError("no `|` after the title", line);
  const text = decodeStrict(body.subarray(titleBytes + 1, titleBytes + 1 + textBytes), line);
  const rest = body.subarray(titleBytes + 1 + textBytes).toString("utf8");
  // Title and text are delimited by their lengths, so `|` may appear; line breaks may not
  // (they are sent escaped as `\\n`), nor other control characters except tab.
  if (EVENT_TEXT_FORBIDDEN.test(title) || EVENT_TEXT_FORBIDDEN.test(text)) {
    throw new MalformedDatagramError("control character in event title or text", line);
  }
  const event: ParsedEvent = {
    kind: "event",
    title,
    text,
    timestamp: undefined,
    hostname: undefined,
    aggregationKey: undefined,
    priority: undefined,
    sourceType: undefined,
    alertType: undefined,
    tags: [],
  };
  if (rest.length === 0) return event;
  if (!rest.startsWith("|")) throw new MalformedDatagramError("text longer than its length", line);
  const seen = new Set<string>();
  for (const field of rest.slice(1).split("|")) {
    const kind = field.charAt(0) === "#" ? "#" : field.slice(0, 2);
    if (seen.has(kind)) throw new MalformedDatagramError(`repeated event field ${kind}`, line);
    seen.add(kind);
    const value = kind === "#" ? field.slice(1) : field.slice(2);
    if (kind !== "#" && value.length === 0) {
      throw new MalformedDatagramError(`empty event field ${kind}`, line);
    }
    switch (kind) {
      case "d:":
        if (!/^\d+$/.test(value)) throw new MalformedDatagramError("bad event date", line);
        event.timestamp = Number(value);
        break;
      case "h:":
        event.hostname = value;
        break;
      case "k:":
        event.aggregationKey = value;
        break;
      case "s:":
        event.sourceType = value;
        break;
      case "p:":
        if (value !== "normal" && value !== "low") {
          throw new MalformedDatagramError("bad event priority", line);
        }
        event.priority = value;
        break;
      case "t:":
        if (value !== "error" && value !== "warning" && value !== "info" && value !== "success") {
          throw new MalformedDatagramError("bad event alert type", line);
        }
        event.alertType = value;
        break;
      case "#":
        event.tags = parseTags(value, line);
        break;
      default:
        throw new MalformedDatagramError(`unknown event field ${JSON.stringify(field)}`, line);
    }
  }
  return event;
}

function parseTags(raw: string, line: string): string[] {
  if (raw.length === 0) throw new MalformedDatagramError("empty tag list", line);
  return raw.split(",").map((tag) => {
    const colon = tag.indexOf(":");
    const key = colon === -1 ? tag : tag.slice(0, colon);
    checkName(key, "tag key", line);
    if (colon !== -1 && TAG_VALUE_FORBIDDEN.test(tag.slice(colon + 1))) {
      throw new MalformedDatagramError("reserved character in a tag value", line);
    }
    return tag;
  });
}

function checkName(name: string, what: string, line: string): void {
  if (name.length === 0) throw new MalformedDatagramError(`empty ${what}`, line);
  if (NAME_FORBIDDEN.test(name))
    throw new MalformedDatagramError(`reserved character in ${what}`, line);
}

function parseNumber(raw: string, line: string): number {
  if (!NUMBER.test(raw))
    throw new MalformedDatagramError(`bad number ${JSON.stringify(raw)}`, line);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new MalformedDatagramError("non-finite number", line);
  return value;
}

function decodeStrict(bytes: Uint8Array, line: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedDatagramError("event lengths cut a UTF-8 character", line);
  }
}

/** Splits `key:value` tags into a record (bare tags map to ""); a repeated key throws. */
export function tagRecord(tags: readonly string[]): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const tag of tags) {
    const colon = tag.indexOf(":");
    const key = colon === -1 ? tag : tag.slice(0, colon);
    if (key in record) throw new Error(`repeated tag key ${key}`);
    record[key] = colon === -1 ? "" : tag.slice(colon + 1);
  }
  return record;
}
