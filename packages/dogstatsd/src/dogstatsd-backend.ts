import { MetricKind, type SampleKind } from "@metrics/aggregation";
import type { EventOptions, Tags } from "@metrics/core";
import { WireBackend } from "@metrics/statsd/wire";
import { DogStatsdFlavour } from "./flavour/dogstatsd-flavour.js";
import { encodeEvent } from "./flavour/event.js";
import { TagRenderer } from "./flavour/tags.js";
import {
  type DogStatsdBackendOptions,
  type ResolvedDogStatsdOptions,
  resolveOptions,
} from "./options.js";

const TIMING_KIND = {
  distribution: MetricKind.Distribution,
  timer: MetricKind.Timer,
  histogram: MetricKind.Histogram,
} as const satisfies Record<string, SampleKind>;
const NO_TAGS: Tags = Object.freeze({});

/**
 * The DogStatsD transport: the StatsD wire stack of `@metrics/statsd/wire` (aggregation, window
 * rendering, packing, one socket with hold and resend) with the DogStatsD flavour: `d` and `h`
 * types, values of one context packed `name:v1:v2|d`, constant tags, container id, events and
 * self-telemetry. Methods never throw.
 *
 * @example
 * ```ts
 * configure({ backend: new DogStatsdBackend({ host: "127.0.0.1", port: 8125, tags: { env: "prod" } }) });
 * ```
 */
export class DogStatsdBackend extends WireBackend<DogStatsdFlavour> {
  /** The options in effect, defaults filled in. */
  declare readonly options: Readonly<ResolvedDogStatsdOptions>;

  constructor(options: DogStatsdBackendOptions = {}) {
    const resolved = resolveOptions(options);
    const tags = new TagRenderer(resolved.tags);
    const timingKind = TIMING_KIND[resolved.timingAs];
    super({
      source: "@metrics/dogstatsd",
      options: resolved,
      flavour: (detected) =>
        new DogStatsdFlavour(tags, resolved.containerId ?? detected, timingKind),
      packValues: resolved.packValues,
      originDetection: resolved.originDetection && resolved.containerId === undefined,
    });
  }

  /** A DogStatsD histogram value (`h`), aggregated on the Agent; not part of `MetricsBackend`. */
  histogram(key: string, value: number, tags: Tags = NO_TAGS, sampleRate = 1): void {
    this.sample(MetricKind.Histogram, key, value, tags, sampleRate, undefined);
  }

  /**
   * A Datadog event (`_e{…}`), sent with the next flush; core's `event` shape, so the facade's
   * `metrics.event()` reaches it with global and scoped tags merged. Title and text lengths are
   * counted in UTF-8 bytes; line breaks are escaped as `\n`; reserved characters replaced.
   */
  event(title: string, text: string, tags: Tags = NO_TAGS, options: EventOptions = {}): void {
    if (!this.open(title)) return;
    if (typeof title !== "string" || title === "" || typeof text !== "string") {
      this.refused(title, "invalid_value", "an event needs a non-empty title and a text");
      return;
    }
    const line = encodeEvent(title, text, options ?? {}, this.flavour.eventTags(tags ?? NO_TAGS));
    this.emitLine(line, 1);
  }

  /** Self-telemetry, when asked for: the stack's counts as counters, at each flush. */
  protected override renderExtras(): void {
    if (!this.options.telemetry) return;
    const tags = { transport: this.options.protocol };
    for (const [name, count] of this.stats.take()) {
      const frame = this.flavour.frame(this.options.telemetryPrefix + name, tags);
      // Not the application's metrics: a lost telemetry line is not counted as a lost sample.
      this.emitLine(this.flavour.counter(frame, count, 1), 0);
    }
  }
}
