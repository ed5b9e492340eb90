import type { EventOptions } from "@metrics/core";
import { escapeEventText, sanitizeEventField } from "./sanitize.js";

const ALERT_TYPES: readonly string[] = ["error", "warning", "info", "success"];

/**
 * `_e{<title bytes>,<text bytes>}:<title>|<text>|…`. The lengths are UTF-8 byte counts of the
 * escaped title and text: counting UTF-16 units instead (as hot-shots does) makes the Agent cut
 * any non-ASCII event in the wrong place. Fields take core's `EventOptions`.
 *
 * @example
 * ```ts
 * encodeEvent("Deploy ✓", "done", { alertType: "success" }, "|#env:prod");
 * // "_e{10,4}:Deploy ✓|done|t:success|#env:prod"
 * ```
 */
export function encodeEvent(
  title: string,
  text: string,
  options: EventOptions,
  tagField: string,
): string {
  const safeTitle = escapeEventText(title);
  const safeText = escapeEventText(text);
  let line = `_e{${Buffer.byteLength(safeTitle)},${Buffer.byteLength(safeText)}}:${safeTitle}|${safeText}`;
  const { timestamp, hostname, aggregationKey, priority, sourceTypeName, alertType } = options;
  if (timestamp instanceof Date) {
    const seconds = timestamp.getTime() / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) line += `|d:${Math.floor(seconds)}`;
  }
  if (typeof hostname === "string" && hostname !== "") line += `|h:${sanitizeEventField(hostname)}`;
  if (typeof aggregationKey === "string" && aggregationKey !== "") {
    line += `|k:${sanitizeEventField(aggregationKey)}`;
  }
  if (priority === "normal" || priority === "low") line += `|p:${priority}`;
  if (typeof sourceTypeName === "string" && sourceTypeName !== "") {
    line += `|s:${sanitizeEventField(sourceTypeName)}`;
  }
  if (typeof alertType === "string" && ALERT_TYPES.includes(alertType)) line += `|t:${alertType}`;
  return line + tagField;
}
