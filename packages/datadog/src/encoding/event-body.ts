import type { EventOptions } from "@metrics/core";

/** The API's limits on an event (`EventCreateRequest`). */
const MAX_TITLE = 100;
const MAX_TEXT = 4000;
const ALERT_TYPES = new Set(["error", "warning", "info", "success"]);
const PRIORITIES = new Set(["normal", "low"]);

/**
 * The JSON body of `POST /api/v1/events`. Title and text are the caller's free text, so they go
 * through `JSON.stringify` (escaping); tags are already normalised. Title and text are cut to the
 * API's limits (in UTF-16 units, as the API counts them) rather than refused; an option of the
 * wrong type or value is left out rather than costing the event.
 *
 * @example
 * eventBody("Deploy", "v42 is live", ["env:prod"], { alertType: "success" }, undefined);
 * // '{"title":"Deploy","text":"v42 is live","tags":["env:prod"],"alert_type":"success"}'

 */
export function eventBody(
  title: string,
  text: string,
  tags: readonly string[],
  options: EventOptions,
  defaultHost: string | undefined,
): string {
  const body: Record<string, unknown> = {
    title: title.slice(0, MAX_TITLE),
    text: text.slice(0, MAX_TEXT),
  };
  if (tags.length > 0) body.tags = tags;
  if (ALERT_TYPES.has(options.alertType as string)) body.alert_type = options.alertType;
  if (typeof options.aggregationKey === "string")
    body.aggregation_key = options.aggregationKey.slice(0, 100);
  if (typeof options.sourceTypeName === "string") body.source_type_name = options.sourceTypeName;
  if (PRIORITIES.has(options.priority as string)) body.priority = options.priority;
  if (options.timestamp instanceof Date && Number.isFinite(options.timestamp.getTime())) {
    body.date_happened = Math.floor(options.timestamp.getTime() / 1000);
  }
  const host = typeof options.hostname === "string" ? options.hostname : defaultHost;
  if (host !== undefined) body.host = host;
  return JSON.stringify(body);
}
