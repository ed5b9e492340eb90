import type { Counter, Gauge, Histogram, Meter } from "@opentelemetry/api";
import { instrumentName } from "./instrument-name.js";
import { SetGauge } from "./set-gauge.js";

/** What a key is recorded as. */
export type InstrumentKind = "counter" | "gauge" | "histogram" | "set";

/** An instrument of each kind. */
export interface InstrumentOf {
  counter: Counter;
  gauge: Gauge;
  histogram: Histogram;
  set: SetGauge;
}

/**
 * Bucket boundaries for histograms in seconds (OpenTelemetry's own advice for
 * `http.server.request.duration`): the SDK's default boundaries (0 to 10,000) suit milliseconds
 * and would put every duration under 5 s into one bucket.
 */
export const SECONDS_BOUNDARIES: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

type ByKind = { [K in InstrumentKind]: Map<string, InstrumentOf[K] | null> };

function byKind(): ByKind {
  return { counter: new Map(), gauge: new Map(), histogram: new Map(), set: new Map() };
}

interface Registered {
  key: string;
  kind: InstrumentKind;
  unit: string | undefined;
}

/**
 * The instruments of one meter, cached by kind, key and unit so a hot path creates each once.
 * Also guards names: two keys that become one instrument name are refused (the later one), and a
 * name used with another kind or unit is allowed but returned as a conflict to report, as the
 * OpenTelemetry SDK then exports both streams under one name.
 */
export class Instruments {
  /** Per kind, key → instrument (`null`: refused), for calls without a unit: the hot path. */
  private readonly plain: ByKind = byKind();
  private readonly withUnit = new Map<string, ByKind>();
  private readonly names = new Map<string, Registered>();

  constructor(
    private readonly meter: Meter,
    private readonly maxSetMembers: number,
    private readonly onProblem: (key: string, problem: string, dropped: boolean) => void,
    private readonly sets: SetGauge[],
  ) {}

  /** The counters of calls without a unit, by key, as `get` fills them (`null`: refused). */
  get counters(): ReadonlyMap<string, Counter | null> {
    return this.plain.counter;
  }

  /**
   * The instrument of a key, created (and cached) the first time; `null` when the key is refused.
   * A refused key is looked at again on each call, so every dropped call is reported.
   */
  get<K extends InstrumentKind>(
    kind: K,
    key: string,
    unit: string | undefined,
  ): InstrumentOf[K] | null {
    let maps = unit === undefined ? this.plain : this.withUnit.get(unit);
    const cached = maps?.[kind].get(key);
    if (cached) return cached;
    const instrument = this.build(kind, key, unit) as InstrumentOf[K] | null;
    if (maps === undefined) {
      maps = byKind();
      this.withUnit.set(unit as string, maps);
    }
    maps[kind].set(key, instrument);
    return instrument;
  }

  private build(kind: InstrumentKind, key: string, unit: string | undefined): unknown {
    const name = instrumentName(key);
    if (name === undefined) {
      this.onProblem(key, "is longer than OpenTelemetry's 255-character instrument name", true);
      return null;
    }
    // OpenTelemetry instrument names are case-insensitive.
    const id = name.toLowerCase();
    const first = this.names.get(id);
    if (first === undefined) {
      this.names.set(id, { key, kind, unit });
    } else if (first.key !== key) {
      this.onProblem(key, `becomes the instrument name "${name}" of "${first.key}"`, true);
      return null;
    } else if (first.kind !== kind || first.unit !== unit) {
      this.onProblem(
        key,
        `is a ${kind} with unit ${unit ?? "(none)"} and also a ${first.kind} with unit ${first.unit ?? "(none)"}: OpenTelemetry exports both under one name`,
        false,
      );
    }
    const options = unit === undefined ? {} : { unit };
    switch (kind) {
      case "counter":
        return this.meter.createCounter(name, options);
      case "gauge":
        return this.meter.createGauge(name, options);
      case "histogram":
        return this.meter.createHistogram(
          name,
          unit === "s"
            ? { unit, advice: { explicitBucketBoundaries: [...SECONDS_BOUNDARIES] } }
            : options,
        );
      case "set": {
        const set = new SetGauge(this.meter, name, this.maxSetMembers);
        this.sets.push(set);
        return set;
      }
    }
  }
}
