import { escapeEventText, sanitizeEventField } from "./sanitize.js";

/** What `event(title, text, options)` accepts besides the title and text. */
export interface EventOptions {
  /** Tags of this event, added to the backend's constant tags. */
  tags?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /** When it happened: a `Date` or Unix seconds (default: when the Agent receives it). */
  date?: Date | number;
  /** The host the event is about (`h:` field; default: the Agent's host). */
  hostname?: string;
  /** Events with the same key are grouped in Datadog's event stream. */
  aggregationKey?: string;
  /** `normal` (the Agent's default) or `low`. */
  priority?: "normal" | "low";
  /** The event's source type name (`s:` field), e.g. `jenkins`. */
  sourceType?: string;
  /** `error`, `warning`, `info` (the Agent's default) or `success`. */
  alertType?: "error" | "warning" | "info" | "success";
}

/**
 * `_e{<title bytes>,<text bytes>}:<title>|<text>|…`. The lengths are UTF-8 byte counts of the
 * escaped title and text: counting UTF-16 units instead (as hot-shots does) makes the Agent cut
 * any non-ASCII event in the wrong place.
 */
export function encodeEvent(title: string, text: string, options: EventOptions, tagField: string) {
  const safeTitle = escapeEventText(title);
  const safeText = escapeEventText(text);
  let line = `_e{${Buffer.byteLength(safeTitle)},${Buffer.byteLength(safeText)}}:${safeTitle}|${safeText}`;
  if (options.date !== undefined) {
    const seconds =
      options.date instanceof Date ? options.date.getTime() / 1000 : Number(options.date);
    if (Number.isFinite(seconds) && seconds >= 0) line += `|d:${Math.floor(seconds)}`;
  }
  if (options.hostname) line += `|h:${sanitizeEventField(options.hostname)}`;
  if (options.aggregationKey) line += `|k:${sanitizeEventField(options.aggregationKey)}`;
  if (options.priority === "normal" || options.priority === "low") line += `|p:${options.priority}`;
  if (options.sourceType) line += `|s:${sanitizeEventField(options.sourceType)}`;
  if (options.alertType && ["error", "warning", "info", "success"].includes(options.alertType)) {
    line += `|t:${options.alertType}`;
  }
  return line + tagField;
}
