import type { SampleKind, Tags } from "@metrics/aggregation";

/**
 * Receives one rendered line and how many samples (calls, values, members) it carries, so that
 * a line lost further down is reported with the samples it held.
 */
export type Emit = (line: string, samples: number) => void;

/**
 * The two fixed parts of every line of one context: `head` (the name, plus tags for formats
 * that put them there) goes before the value(s), `tail` (tags written after the type) after.
 */
export interface LineFrame {
  readonly head: string;
  readonly tail: string;
}

/**
 * A StatsD dialect: how one context's lines are written. The stack (aggregation, window
 * rendering, packing, socket) is the same for every flavour; only this differs, as Micrometer's
 * StatsD line builders differ per flavour. Every string a caller gave passes through the
 * flavour's replacer here, so no input can add, split or rename a metric.
 *
 * @example
 * ```ts
 * const frame = flavour.frame("jobs", { queue: "a" });
 * emit(flavour.counter(frame, 3, 1), 3); // "jobs:3|c|#queue:a" (Etsy, dogstatsd tags)
 * ```
 */
export interface Flavour {
  /** The kind a `distribution()` call aggregates as (Etsy: timer; DogStatsD: distribution). */
  readonly distributionKind: SampleKind;
  /** The kind a `timing()` call aggregates as. */
  readonly timingKind: SampleKind;
  /** False where the server rejects negative sample values (Etsy's `ms`). */
  readonly negativeSamples: boolean;
  /** False where the server cannot read an empty set member (the Agent). */
  readonly emptySetMembers: boolean;
  /** The name and tags of one context, made wire-safe. */
  frame(key: string, tags: Tags): LineFrame;
  /** One counter line (its samples are the calls it sums, which the caller knows). */
  counter(frame: LineFrame, value: number, sampleRate: number): string;
  /** The line(s) of one gauge value. */
  gauge(frame: LineFrame, value: number, emit: Emit): void;
  /** The lines of one set context's members, within `maxBytes` each. */
  set(frame: LineFrame, members: Iterable<string | number>, maxBytes: number, emit: Emit): void;
  /** The lines of one sample context's values at one rate. */
  samples(run: SampleRun, emit: Emit): void;
}

/** The values of one sample context, to render at one rate within `maxBytes` a line. */
export interface SampleRun {
  readonly kind: SampleKind;
  readonly frame: LineFrame;
  readonly values: readonly number[];
  readonly sampleRate: number;
  readonly maxBytes: number;
}
