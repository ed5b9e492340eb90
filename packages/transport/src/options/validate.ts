import { MetricsError } from "@metrics/core";
import { closestName } from "./closest-name.js";

/**
 * The error every configuration mistake throws: a `MetricsError` whose message starts with the
 * class that refused it, thrown at construction, never on a hot path.
 *
 * @example
 * ```ts
 * throw configError("StatsdBackend", 'host must be a non-empty string, got ""');
 * ```
 */
export function configError(owner: string, message: string): MetricsError {
  return new MetricsError("invalid_option", `${owner}: ${message}`);
}

/**
 * Text of a configured value for a message: strings quoted, the rest as they print.
 *
 * @example
 * ```ts
 * describeValue("8125"); // '"8125"'
 * describeValue(undefined); // "undefined"
 * describeValue([1]); // "an array"
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/**
 * Throws when `given` is not a plain options object or has a property `known` lacks, naming it
 * and the closest valid one: `unknown option "prot"; did you mean "port"?`. Properties whose
 * value is `undefined` are checked too: a typo is a typo whatever its value.
 *
 * @example
 * ```ts
 * checkKnownOptions("StatsdBackend", { prot: 8125 }, ["host", "port"]);
 * // throws MetricsError: StatsdBackend: unknown option "prot"; did you mean "port"?
 * ```
 */
export function checkKnownOptions(owner: string, given: unknown, known: readonly string[]): void {
  if (given === undefined) return;
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    throw configError(owner, `options must be an object, got ${describeValue(given)}`);
  }
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const closest = closestName(name, known);
    const hint = closest === undefined ? "" : `; did you mean "${closest}"?`;
    throw configError(owner, `unknown option ${JSON.stringify(name)}${hint}`);
  }
}

/** The bounds of one integer option. */
export interface IntegerBounds {
  /** Used when the option is `undefined`. */
  readonly default: number;
  /** Least valid value. */
  readonly min: number;
  /** Greatest valid value, if any. */
  readonly max?: number;
}

/**
 * An integer option within its bounds, or its default when not given. The message is the same
 * in every transport for the same bound: `maxContexts must be an integer >= 1, got 0`.
 *
 * @example
 * ```ts
 * integerOption("StatsdBackend", "port", options.port, { default: 8125, min: 1, max: 65_535 });
 * ```
 */
export function integerOption(
  owner: string,
  name: string,
  value: unknown,
  bounds: IntegerBounds,
): number {
  if (value === undefined) return bounds.default;
  const { min, max } = bounds;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw configError(owner, `${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
  if (max !== undefined && value > max) {
    throw configError(owner, `${name} must be at most ${max}, got ${value}`);
  }
  return value;
}

/**
 * One of a fixed list of strings, or the default when not given.
 *
 * @example
 * ```ts
 * choiceOption("StatsdBackend", "protocol", options.protocol, ["udp", "tcp", "uds"], "udp");
 * ```
 */
export function choiceOption<T extends string>(
  owner: string,
  name: string,
  value: unknown,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  const list = choices.map((choice) => `"${choice}"`).join(", ");
  throw configError(owner, `${name} must be one of ${list}, got ${describeValue(value)}`);
}

/**
 * A boolean option, or the default when not given.
 *
 * @example
 * ```ts
 * booleanOption("StatsdBackend", "aggregation", options.aggregation, true);
 * ```
 */
export function booleanOption(owner: string, name: string, value: unknown, fallback: boolean) {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw configError(owner, `${name} must be true or false, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * A non-empty string option, or the default when not given.
 *
 * @example
 * ```ts
 * stringOption("StatsdBackend", "host", options.host, "127.0.0.1");
 * ```
 */
export function stringOption<F extends string | undefined>(
  owner: string,
  name: string,
  value: unknown,
  fallback: F,
): string | F {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value === "") {
    throw configError(owner, `${name} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}
