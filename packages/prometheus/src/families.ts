import type { Tags } from "@metrics/core";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { type LabelProblems, LabelSets } from "./label-sets.js";
import type { ResolvedPrometheusOptions } from "./options.js";
import { type FamilyKind, metricName, seriesNames } from "./prometheus-names.js";
import { SetWindow } from "./set-window.js";

/** One Prometheus metric of the backend: its prom-client metric and its label sets. */
export interface Family<M> {
  readonly key: string;
  readonly name: string;
  readonly metric: M;
  readonly labels: LabelSets;
  /** Where its label problems are reported. */
  readonly problems: LabelProblems;
  /** For sets: the members of the current window. */
  readonly window: SetWindow | undefined;
}

/** The prom-client metric type of each kind. */
export interface MetricOf {
  counter: Counter;
  gauge: Gauge;
  histogram: Histogram;
  timing: Histogram;
  set: Gauge;
}

type ByKind = Record<FamilyKind, Map<string, Family<unknown> | null>>;

function byKind(): ByKind {
  return {
    counter: new Map(),
    gauge: new Map(),
    histogram: new Map(),
    timing: new Map(),
    set: new Map(),
  };
}

/**
 * The backend's metrics, cached by kind, key and unit. Guards the names Prometheus sees: a key
 * whose name (or one of its histogram series) is already another key's, or the same key's as
 * another type, is refused, as is a name the registry already holds.
 */
export class Families {
  /** Every family, for windows and reports. */
  readonly all: Family<unknown>[] = [];
  private readonly plain = byKind();
  private readonly withUnit = new Map<string, ByKind>();
  /** Series name → the family that owns it, as "<kind> <key> <unit>". */
  private readonly owners = new Map<string, { id: string; key: string; kind: FamilyKind }>();

  constructor(
    private readonly registry: Registry,
    private readonly options: ResolvedPrometheusOptions,
    private readonly refuse: (key: string, problem: string) => void,
    private readonly problemsOf: (family: { key: string; labels: LabelSets }) => LabelProblems,
  ) {}

  /** The counters of calls without a unit, by key, as `create` fills them (`null`: refused). */
  get counters(): ReadonlyMap<string, Family<Counter> | null> {
    return this.plain.counter as Map<string, Family<Counter> | null>;
  }

  /** The cached family, `null` for a refused key, `undefined` the first time. */
  cached<K extends FamilyKind>(
    kind: K,
    key: string,
    unit: string | undefined,
  ): Family<MetricOf[K]> | null | undefined {
    const maps = unit === undefined ? this.plain : this.withUnit.get(unit);
    return maps?.[kind].get(key) as Family<MetricOf[K]> | null | undefined;
  }

  /** Creates the family of a key at its first call (whose tags fix the label names). */
  create<K extends FamilyKind>(
    kind: K,
    key: string,
    unit: string | undefined,
    first: Tags,
  ): Family<MetricOf[K]> | null {
    const family = this.build(kind, key, unit, first) as Family<MetricOf[K]> | null;
    let maps = unit === undefined ? this.plain : this.withUnit.get(unit);
    if (maps === undefined) {
      maps = byKind();
      this.withUnit.set(unit as string, maps);
    }
    maps[kind].set(key, family);
    if (family !== null) this.all.push(family);
    return family;
  }

  private build(
    kind: FamilyKind,
    key: string,
    unit: string | undefined,
    first: Tags,
  ): Family<unknown> | null {
    const name = metricName(key, kind, unit);
    const id = `${kind} ${key} ${unit ?? ""}`;
    const series = seriesNames(name, kind);
    for (const taken of series) {
      const owner = this.owners.get(taken);
      if (owner === undefined || owner.id === id) continue;
      this.refuse(
        key,
        owner.key === key
          ? `as a ${kind} is named "${name}", already a ${owner.kind} of the same key`
          : `is named "${name}", which "${owner.key}" (a ${owner.kind}) already has`,
      );
      return null;
    }
    const labels = new LabelSets(first, kind, this.options.maxLabelSets);
    const config = {
      name,
      help: `@metrics key "${key}"${unit === undefined ? "" : ` (unit ${unit})`}`,
      labelNames: labels.names,
      registers: [this.registry],
      // Counters and gauges accumulate per series on the hot path; a scrape hands them over.
      ...(kind === "counter" || kind === "gauge"
        ? { collect: () => handOver(kind, labels, metric as Counter & Gauge) }
        : {}),
    };
    // Read by `collect` above, which prom-client calls only at a scrape, after this is assigned.
    let metric: Counter | Gauge | Histogram;
    try {
      if (kind === "counter") metric = new Counter(config);
      else if (kind === "gauge" || kind === "set") metric = new Gauge(config);
      else {
        const buckets = kind === "timing" ? this.options.buckets : this.options.distributionBuckets;
        metric = new Histogram({ ...config, buckets: [...buckets] });
      }
    } catch (error) {
      // Most often the registry already holds a metric of that name (the application's own).
      this.refuse(key, `cannot be registered as "${name}": ${(error as Error).message}`);
      return null;
    }
    for (const taken of series) this.owners.set(taken, { id, key, kind });
    const window =
      kind === "set" ? new SetWindow(metric as Gauge, this.options.maxSetMembers) : undefined;
    return { key, name, metric, labels, window, problems: this.problemsOf({ key, labels }) };
  }
}

/** Gives prom-client what counters and gauges accumulated since the last scrape. */
function handOver(kind: "counter" | "gauge", labels: LabelSets, metric: Counter & Gauge): void {
  for (const series of labels.series) {
    if (!series.dirty) continue;
    series.dirty = false;
    const value = series.value;
    if (kind === "gauge") {
      metric.set(series.labels, value);
      continue;
    }
    series.value = 0;
    metric.inc(series.labels, value);
  }
}
