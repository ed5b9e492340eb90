import type { Tags } from "@metrics/core";
import { sanitizeMember, sanitizeName } from "./sanitize.js";
import type { TagRenderer } from "./tags.js";

/** DogStatsD metric types this transport writes. */
export type WireType = "c" | "g" | "s" | "d" | "h" | "ms";

/** Numbers as the Agent's float parser reads them (`-0` as `0`). */
export function formatNumber(value: number): string {
  return value === 0 ? "0" : String(value);
}

/**
 * Renders metric lines: `<name>:<value>|<type>[|@<rate>][|#<tags>][|c:<container>]`. Names, tags
 * and members are made wire-safe here, once per context and window rather than once per call.
 */
export class LineRenderer {
  private readonly containerField: string;

  constructor(
    private readonly tags: TagRenderer,
    containerId: string | undefined,
  ) {
    this.containerField = containerId ? `|c:${containerId.replace(/[|,#\s]/gu, "_")}` : "";
  }

  /** The metric name as it goes on the wire. */
  name(key: string): string {
    return sanitizeName(key);
  }

  /** Everything after the value(s) of a line: `|<type>[|@rate][|#tags][|c:id]`. */
  tail(type: WireType, sampleRate: number, tags: Tags): string {
    const rate = sampleRate < 1 ? `|@${formatNumber(sampleRate)}` : "";
    return `|${type}${rate}${this.tags.render(tags)}${this.containerField}`;
  }

  /** One single-valued line. */
  line(type: WireType, key: string, value: number, sampleRate: number, tags: Tags): string {
    return `${sanitizeName(key)}:${formatNumber(value)}${this.tail(type, sampleRate, tags)}`;
  }

  /** One set member line (members are never packed). */
  setLine(key: string, member: string, tags: Tags): string {
    return `${sanitizeName(key)}:${sanitizeMember(member)}${this.tail("s", 1, tags)}`;
  }

  /** The `|#…` field of an event (constant tags included) and nothing else. */
  eventTags(tags: Tags): string {
    return this.tags.render(tags);
  }
}
