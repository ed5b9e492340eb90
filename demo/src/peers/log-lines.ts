/**
 * The `logging` backend's "peer": the lines `LoggingBackend` writes, collected to be shown and
 * parsed back (`[metrics] counter demo.http.requests 1 route=health,status=200`).
 */
import { Received, type TagMap } from "../received.js";
import type { Peer } from "./peer.js";

function parseTags(text: string | undefined): TagMap {
  const tags: TagMap = {};
  for (const pair of text?.split(",") ?? []) {
    const equals = pair.indexOf("=");
    tags[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return tags;
}

/** Decodes one line of LoggingBackend's format into `received`. */
function decode(line: string, received: Received): void {
  const [, type, name = "", value = "", tagText] = line.split(" ");
  const tags = parseTags(tagText?.startsWith("@") ? undefined : tagText);
  if (type === "counter") received.counter(name, tags, Number(value));
  else if (type === "gauge") received.gauge(name, tags, Number(value));
  else if (type === "timing") received.timing(name, tags, [Number.parseFloat(value)]);
  else if (type === "distribution") received.timing(name, tags, [Number(value)]);
  else if (type === "set") received.member(name, tags, value);
}

/**
 * The log as a peer: every line `LoggingBackend` writes, decoded.
 *
 * @example
 * const peer = startLogLines();
 * if (peer.address.kind === "logger") new LoggingBackend({ logger: peer.address.logger });
 */
export function startLogLines(): Peer {
  const received = new Received();
  let lines: string[] = [];

  return {
    description: "LoggingBackend: one line per metric, durations in ms",
    address: {
      kind: "logger",
      logger(line) {
        lines.push(line);
        decode(line, received);
      },
    },
    received,
    poll: () => Promise.resolve(),
    activity() {
      const shown = lines.slice(0, 6);
      if (lines.length > shown.length)
        shown.push(`… and ${lines.length - shown.length} more lines`);
      lines = [];
      return shown;
    },
    stop: () => Promise.resolve(),
  };
}
