import { choiceOption } from "@metrics/transport";
import type { TagFormat } from "./etsy/etsy-flavour.js";
import {
  type ResolvedWireOptions,
  resolveWireOptions,
  WIRE_OPTION_NAMES,
  type WireOptions,
} from "./stack/backend/wire-options.js";

/** Options of {@link StatsdBackend}; every one is optional. */
export interface StatsdBackendOptions extends WireOptions {
  /** Default `"dogstatsd"` (`|#k:v`, which Etsy StatsD >= 0.9 turns into Graphite tags). */
  tagFormat?: TagFormat;
}

/** The options in effect (`StatsdBackend#options`): every option resolved, defaults filled in. */
export interface ResolvedStatsdOptions extends ResolvedWireOptions {
  /** How tags are written on the wire. */
  tagFormat: TagFormat;
}

const NAMES: readonly string[] = [...WIRE_OPTION_NAMES, "tagFormat"];

/** Validates options and fills in defaults; a mistake throws a `MetricsError` naming the option. */
export function resolveOptions(options: StatsdBackendOptions): ResolvedStatsdOptions {
  const wire = resolveWireOptions("StatsdBackend", options, NAMES);
  const tagFormat = choiceOption<TagFormat>(
    "StatsdBackend",
    "tagFormat",
    options.tagFormat,
    ["dogstatsd", "graphite", "influx", "none"],
    "dogstatsd",
  );
  return { ...wire, tagFormat };
}
