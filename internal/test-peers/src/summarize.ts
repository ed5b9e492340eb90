import type { ParsedLine, ParsedMetric } from "./dogstatsd-parser.js";

/** `name|type|k:v,k:v` with tags sorted: how the Agent would group lines. */
export function contextOf(name: string, type: string, tags: readonly string[]): string {
  return `${name}|${type}|${[...tags].sort().join(",")}`;
}

/** What the Agent would compute from a stream of lines, per context. */
export interface Summary {
  /** Σ value / rate over every counter line. */
  counters: Map<string, number>;
  /** The last gauge value. */
  gauges: Map<string, number>;
  /** Every member seen. */
  sets: Map<string, Set<string>>;
  /** Every value of every `d`, `h` and `ms` line, in arrival order. */
  samples: Map<string, number[]>;
  /** Σ values.length / rate over the sample lines: the count the Agent ends up with. */
  sampleCounts: Map<string, number>;
  metrics: ParsedMetric[];
}

export function summarize(lines: readonly ParsedLine[]): Summary {
  const summary: Summary = {
    counters: new Map(),
    gauges: new Map(),
    sets: new Map(),
    samples: new Map(),
    sampleCounts: new Map(),
    metrics: [],
  };
  for (const line of lines) {
    if (line.kind !== "metric") continue;
    summary.metrics.push(line);
    const context = contextOf(line.name, line.type, line.tags);
    switch (line.type) {
      case "c":
        summary.counters.set(
          context,
          (summary.counters.get(context) ?? 0) +
            line.values.reduce((a, b) => a + b, 0) / line.sampleRate,
        );
        break;
      case "g":
        summary.gauges.set(context, line.values.at(-1)!);
        break;
      case "s": {
        const members = summary.sets.get(context) ?? new Set<string>();
        members.add(line.member!);
        summary.sets.set(context, members);
        break;
      }
      default: {
        const values = summary.samples.get(context) ?? [];
        values.push(...line.values);
        summary.samples.set(context, values);
        summary.sampleCounts.set(
          context,
          (summary.sampleCounts.get(context) ?? 0) + line.values.length / line.sampleRate,
        );
      }
    }
  }
  return summary;
}

/** A small seeded generator (mulberry32), so a failing mixed run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
