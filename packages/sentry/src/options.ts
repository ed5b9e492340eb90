import { type ErrorHandler, MetricsError } from "@metrics/core";
import { checkKnownOptions, integerOption } from "@metrics/transport";

/** Options passed to the SDK's `metrics.count`, `metrics.gauge` and `metrics.distribution`. */
export interface SentryMetricOptions {
  /** The value's unit (`second`, `byte`, ...). */
  unit?: string;
  /** The metric's attributes: the tags, `instance` included. */
  attributes?: Record<string, unknown>;
}

/** Records one metric value into the SDK's buffer. */
export type SentryMetricFunction = (
  name: string,
  value: number,
  options?: SentryMetricOptions,
) => void;

/** `Sentry.metrics`: the three functions the backend calls. */
export interface SentryMetricsApi {
  /** `Sentry.metrics.count`: adds to a counter. */
  readonly count: SentryMetricFunction;
  /** `Sentry.metrics.gauge`: sets a gauge. */
  readonly gauge: SentryMetricFunction;
  /** `Sentry.metrics.distribution`: records one value of a distribution. */
  readonly distribution: SentryMetricFunction;
}

/**
 * The part of the Sentry SDK the backend calls: `import * as Sentry from "@sentry/node"` fits,
 * as does any SDK built on `@sentry/core` ≥ 10.25 (`@sentry/bun`, `@sentry/aws-serverless`, …).
 */
export interface SentrySdk {
  /** The SDK's metrics API (`Sentry.metrics`, since 10.25). */
  readonly metrics: SentryMetricsApi;
  /** Sends what the SDK buffers; resolves `false` when `timeout` (ms) passed first. */
  flush(timeout?: number): PromiseLike<boolean>;
  /** The client `Sentry.init` created; used to tell "not initialised" apart and to redact the DSN. */
  getClient?(): SentryClientLike | undefined;
}

/** What the backend reads from a Sentry client. */
export interface SentryClientLike {
  /** The parsed DSN: its `publicKey` and `pass` (secret) are cut out of every report. */
  getDsn?(): SentryDsnLike | undefined;
  /** The client's options: `enableMetrics: false` means the SDK drops every metric. */
  getOptions?(): SentryClientOptionsLike;
}

/** The parts of a parsed DSN that must never be shown. */
export interface SentryDsnLike {
  /** The DSN's public key. */
  publicKey?: string;
  /** The DSN's secret key (legacy DSNs only). */
  pass?: string;
}

/** The client option the backend reads. */
export interface SentryClientOptionsLike {
  /** `false` when the application turned Sentry's metrics off. */
  enableMetrics?: boolean;
}

/** Options of `new SentryBackend(options)`. Every one is optional; all but `sentry` and `onError` are JSON. */
export interface SentryBackendOptions {
  /** The Sentry SDK to send through. Default: the `@sentry/node` the application initialised. */
  sentry?: SentrySdk;
  /** How long `flush()` and `close()` wait for the SDK to send, in milliseconds. Default: 5000. */
  flushTimeoutMs?: number;
  /** Length of a set's window (unique members counted, then sent as a gauge), in milliseconds. Default: 10000. */
  setWindowMs?: number;
  /** Most set members held per window across all sets; more are dropped and reported. Default: 100000. */
  maxSetMembers?: number;
  /** Receives every failure. Default: `reportError` of `@metrics/core`. */
  onError?: ErrorHandler;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  readonly flushTimeoutMs: number;
  readonly setWindowMs: number;
  readonly maxSetMembers: number;
}

const OWNER = "SentryBackend";
const OPTION_NAMES = ["sentry", "flushTimeoutMs", "setWindowMs", "maxSetMembers", "onError"];

/**
 * Applies defaults, with the transports' one vocabulary: a wrong or unknown option throws a
 * `MetricsError` (`invalid_option`) naming it (and the closest valid name).
 */
export function resolveOptions(options: SentryBackendOptions): ResolvedOptions {
  checkKnownOptions(OWNER, options, OPTION_NAMES);
  const atLeastOne = (name: string, value: unknown, fallback: number) =>
    integerOption(OWNER, name, value, { default: fallback, min: 1 });
  return {
    flushTimeoutMs: atLeastOne("flushTimeoutMs", options.flushTimeoutMs, 5_000),
    setWindowMs: atLeastOne("setWindowMs", options.setWindowMs, 10_000),
    maxSetMembers: atLeastOne("maxSetMembers", options.maxSetMembers, 100_000),
  };
}

/** Checks that `sentry` has the three metric functions and `flush`; throws naming the option. */
export function checkSdk(sentry: unknown, where: string): SentrySdk {
  const sdk = sentry as SentrySdk | undefined;
  const ok =
    typeof sdk?.metrics?.count === "function" &&
    typeof sdk.metrics.gauge === "function" &&
    typeof sdk.metrics.distribution === "function" &&
    typeof sdk.flush === "function";
  if (!ok) {
    throw new MetricsError(
      "invalid_option",
      `@metrics/sentry: ${where} has no metrics.count/gauge/distribution and flush(); ` +
        "Sentry's metrics need @sentry/node 10.25 or later",
    );
  }
  return sdk;
}
