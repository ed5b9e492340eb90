import type { EventOptions, MetricsBackend, TagInput, Tags } from "../backend.js";
import { MetricsError } from "../errors.js";
import { resolveTags } from "../pipeline/emit.js";
import { describeValue, reportError, reportOnce, reportUnreadable, textOf } from "../report.js";
import { state } from "../slot/global-state.js";
import { currentScope } from "./scope.js";

/** Options of {@link event}: the event's fields, plus tags as every call takes them. */
export interface EventCallOptions extends EventOptions {
  /** Tags of this event; global and `withTags` tags apply under them. */
  tags?: TagInput;
  /** Shorthand for the tag `instance`. */
  instance?: string | number;
}

/** Each event field and the values it takes: a list of words, or any string. */
const FIELDS: Readonly<Record<keyof EventOptions, readonly string[] | "string" | "Date">> = {
  alertType: ["error", "warning", "info", "success"],
  priority: ["normal", "low"],
  aggregationKey: "string",
  sourceTypeName: "string",
  hostname: "string",
  timestamp: "Date",
};

/**
 * Sends an event (Sentry's `metrics.event`, Datadog's events): global and `withTags` tags apply,
 * the prefix does not (a title is not a key). A backend without `event` drops it, reported once
 * per backend with the code `unsupported`; a bad title, text or option is reported once per title.
 *
 * @example
 * ```ts
 * event("Deploy finished", `version ${version} is live`, {
 *   alertType: "success",
 *   tags: { service: "api" },
 * });
 * ```
 */
export function event(title: string, text: string, options?: EventCallOptions): void {
  const backend = state.backend;
  if (backend === state.noop) return;
  let tags: Tags;
  let fields: EventOptions | undefined;
  try {
    fields = eventFields(title, text, options);
    if (fields === undefined) return;
    tags = resolveTags(options, currentScope(), title);
  } catch (error) {
    reportUnreadable(title, "options", error);
    return;
  }
  send(backend, title, text, tags, fields);
}

function send(
  backend: MetricsBackend,
  title: string,
  text: string,
  tags: Tags,
  fields: EventOptions,
): void {
  try {
    if (typeof backend.event === "function") backend.event(title, text, tags, fields);
    else reportEventless(backend, title);
  } catch (error) {
    reportOnce("backend_error", title, `backend threw ${textOf(error)}`, error);
  }
}

/** Reports, once per backend, that it has no `event` method. */
function reportEventless(backend: MetricsBackend, title: string): void {
  if (state.eventless.has(backend)) return;
  state.eventless.add(backend);
  const message = `the backend does not take events: ${describeValue(title)} and later events not sent`;
  reportError(new MetricsError("unsupported", message, { key: title, dropped: 1 }));
}

/**
 * The event's own fields, checked and copied (only those given); `undefined`, reported once per
 * title, when the title, the text or a field is not what `EventOptions` says.
 */
function eventFields(
  title: unknown,
  text: unknown,
  options: EventCallOptions | undefined,
): EventOptions | undefined {
  let problem =
    typeof title !== "string" || title === ""
      ? `title ${describeValue(title)} is not a non-empty string`
      : typeof text !== "string"
        ? `text ${describeValue(text)} is not a string`
        : undefined;
  const fields: Record<string, unknown> = {};
  for (const name in FIELDS) {
    const value = options?.[name as keyof EventOptions];
    if (value === undefined || problem !== undefined) continue;
    const expected = FIELDS[name as keyof EventOptions];
    if (
      expected === "Date"
        ? value instanceof Date && Number.isFinite(value.getTime())
        : expected === "string"
          ? typeof value === "string"
          : expected.includes(value as string)
    ) {
      fields[name] = value;
    } else {
      const want =
        typeof expected === "string" ? `a ${expected}` : `one of "${expected.join('", "')}"`;
      problem = `${name} ${describeValue(value)} is not ${want}`;
    }
  }
  if (problem === undefined) return Object.freeze(fields);
  reportOnce("invalid_value", textOf(title), `event ${problem}`);
  return undefined;
}
