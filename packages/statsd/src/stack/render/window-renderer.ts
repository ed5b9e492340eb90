import {
  type AggregatedWindow,
  effectiveSampleRate,
  type SampleContext,
} from "@metrics/aggregation";
import type { Emit, Flavour } from "./flavour.js";

/** What the renderer reports instead of sending. */
export interface WindowRendererEvents {
  /** A counter whose sum overflowed to ±Infinity: never sent. */
  onNonFinite(key: string, calls: number): void;
}

/**
 * Renders one drained window through a flavour into lines, in the order counters, gauges, sets,
 * samples: the one render loop of every StatsD-family transport.
 *
 * @example
 * ```ts
 * const renderer = new WindowRenderer(flavour, 1432, { onNonFinite: report });
 * renderer.window(aggregator.drain(), (line, samples) => packer.add(line, samples));
 * ```
 */
export class WindowRenderer {
  constructor(
    private readonly flavour: Flavour,
    private readonly maxBytes: number,
    private readonly events: WindowRendererEvents,
  ) {}

  /** Every line of `window`, handed to `emit` in order. */
  window(window: AggregatedWindow, emit: Emit): void {
    const flavour = this.flavour;
    for (const c of window.nonFinite) this.events.onNonFinite(c.key, c.calls);
    for (const c of window.counters) {
      emit(flavour.counter(flavour.frame(c.key, c.tags), c.value, 1), c.calls);
    }
    for (const g of window.gauges) flavour.gauge(flavour.frame(g.key, g.tags), g.value, emit);
    for (const s of window.sets) {
      flavour.set(flavour.frame(s.key, s.tags), s.members, this.maxBytes, emit);
    }
    for (const context of window.samples) this.samples(context, emit);
  }

  /** The values of one sample context (a drained one, or one spilled early), several a line. */
  samples(context: SampleContext, emit: Emit): void {
    const frame = this.flavour.frame(context.key, context.tags);
    const sampleRate = effectiveSampleRate(context);
    const { kind, values } = context;
    this.flavour.samples({ kind, frame, values, sampleRate, maxBytes: this.maxBytes }, emit);
  }
}
