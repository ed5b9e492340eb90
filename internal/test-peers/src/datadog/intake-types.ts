/** Shapes of what the loopback Datadog intake is told to do and what it records. */

/** What the intake does with one request. */
export type Reply =
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  /** Destroys the connection without answering. */
  | { kind: "drop" }
  /** Reads the request and never answers (until the client gives up). */
  | { kind: "stall" }
  /** Accepts the request like an unscripted one, but only after `ms`. */
  | { kind: "delay"; ms: number };

export interface Attempt {
  /** When the request had been read, in ms since the epoch. */
  at: number;
  /** The `Host` header: which intake the client meant to reach. */
  host: string | undefined;
  path: string;
  encoding: string | undefined;
  compressedBytes: number;
  uncompressedBytes: number;
  reply: Reply["kind"] | "accepted" | "forbidden" | "invalid";
}

export interface SeriesPoint {
  metric: string;
  type: number;
  value: number;
  timestamp: number;
  interval?: number;
  unit?: string;
  tags: string[];
  host?: string;
}

export interface ReceivedEvent {
  title: string;
  text: string;
  tags: string[];
  alertType?: string;
  aggregationKey?: string;
  sourceTypeName?: string;
  priority?: string;
  dateHappened?: number;
  host?: string;
}

/** Running sums of what was accepted, kept even when points are not recorded one by one. */
export interface IntakeTotals {
  requests: number;
  /** Bytes on the wire (bodies as sent). */
  bytes: number;
  /** Sum of every count point. */
  counterTotal: number;
  /** Number of distribution values. */
  distributionValues: number;
}

export interface IntakeOptions {
  /** Key the `DD-API-KEY` header must carry. */
  apiKey: string;
  /** Keep every accepted point (default) or only `totals` (benchmarks with millions of points). */
  record?: boolean;
  /**
   * Require the encoding our transport promises (gzip series, deflate distributions; default) or
   * also take uncompressed bodies, as the real intake does (benchmark peers send them).
   */
  strictEncoding?: boolean;
  /**
   * Answer 202 as soon as the key checks out and decode, validate and total the bodies only when
   * `decodePending()` is called (benchmarks on few cores: the intake's work then never competes
   * with the client's for CPU). A body that fails is then a violation, not a 400.
   */
  deferDecoding?: boolean;
}

export interface DistributionPoint {
  metric: string;
  timestamp: number;
  values: number[];
  tags: string[];
  host?: string;
}
