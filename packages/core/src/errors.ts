/** Why a metric, a batch or a call did not reach its destination. */
export type MetricsErrorCode =
  /** Empty or non-string key. */
  | "invalid_key"
  /**
   * Value not a finite number (or a set member not a string or finite number), a `unit` that is
   * not a string, options whose getters throw, or a non-function where a function is expected.
   */
  | "invalid_value"
  /** Sample rate outside (0, 1]. */
  | "invalid_sample_rate"
  /** A tag value that is not a string, number, boolean, null or undefined; the tag is dropped. */
  | "invalid_tag"
  /** A backend method threw; the facade caught it. */
  | "backend_error"
  /** A call reached a backend after `close()`. */
  | "closed"
  /** A backend dropped data it could not hold (context or queue bounds). */
  | "dropped"
  /** The network or the server failed (socket error, DNS, HTTP status). */
  | "transport_error"
  /** The backend cannot carry this kind of call (an event to plain StatsD); reported once. */
  | "unsupported"
  /** A key passed its cap of distinct tag sets; the rest go to the overflow tag set. */
  | "cardinality"
  /** A configuration mistake (`configure`, a constructor, a layer): thrown at once, never reported. */
  | "invalid_option";

/**
 * The one error type handed to `onError`, never thrown into a hot path; configuration mistakes
 * (`configure`, constructors, layers) throw it at once with the code `invalid_option`.
 *
 * @example
 * ```ts
 * configure({
 *   onError: (error: MetricsError) => {
 *     if (error.code !== "invalid_tag") logger.warn(error.message, { key: error.key });
 *   },
 * });
 * ```
 */
export class MetricsError extends Error {
  /** Always `"MetricsError"`. */
  override readonly name = "MetricsError";
  /** The metric key concerned, when there is one. */
  readonly key: string | undefined;
  /** How many samples or metrics were lost, when known. */
  readonly dropped: number | undefined;

  constructor(
    /** What went wrong, as a stable code to switch on. */
    readonly code: MetricsErrorCode,
    message: string,
    { key, dropped, cause }: { key?: string; dropped?: number; cause?: unknown } = {},
  ) {
    super(message, { cause });
    this.key = key;
    this.dropped = dropped;
  }
}

/** Receives every failure: validation drops, backend errors, transport errors. */
export type ErrorHandler = (error: MetricsError) => void;
