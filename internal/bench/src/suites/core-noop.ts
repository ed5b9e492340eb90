import { type BatchTask, runBatches } from "../harness/batched-bench.js";

/** ns per call of each contender, and of the bare loop they all run in. */
export interface NoopTrio {
  incr: number;
  empty: number;
  otel: number;
  /** OTel's counter reached through an import binding; measured for ES-module callers only. */
  otelImported?: number;
  /** An empty function called with OTel's arguments `(1, { a: "b" })`: one object, not two. */
  emptyOtelShape: number;
  loop: number;
}

/**
 * The loops of one calling module (core-noop-loops.ts or core-noop-loops-cjs.cts), one per
 * contender; each runs `n` calls.
 */
export interface NoopLoops {
  incrOnNoop(n: number): number;
  emptyFunctionCall(n: number): number;
  otelNoopAdd(n: number): number;
  otelNoopAddImported?(n: number): number;
  emptyFunctionOtelShape(n: number): number;
  emptyLoop(n: number): number;
}

/** A trio and the runtime that measured it (a child reports its own). */
export interface NoopMeasurement {
  /** e.g. `Node v20.20.0, V8 11.3`. */
  runtime: string;
  trio: NoopTrio;
}

/** The Node and V8 versions of this process: V8's version decides what gets constant-folded. */
export function describeRuntime(): string {
  const v8 = process.versions.v8.split(".").slice(0, 2).join(".");
  return `Node ${process.version}, V8 ${v8}`;
}

const CALLS_PER_BATCH = 10_000;

const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

type Loop = (n: number) => number;

/**
 * One batch of `loop`. All batches call their loop from this one call site, which therefore sees
 * every contender (megamorphic), so V8 compiles each loop as a function of its own, as it does an
 * application's hot function, instead of inlining it into a benchmark closure. Inlined there, on
 * Node 24 the loop ran in Maglev code that calls `incr` out of line (12 ns instead of 0.6).
 */
function batchOf(name: string, loop: Loop): BatchTask {
  return { name, ops: CALLS_PER_BATCH, run: () => loop(CALLS_PER_BATCH) };
}

/**
 * Measures `metrics.incr` on the no-op backend against an empty function and OTel's no-op, in
 * three interleaved rounds (median per contender), so a slow moment does not decide a ratio.
 */
export async function measureNoopTrio(loops: NoopLoops): Promise<NoopTrio> {
  const contenders: Array<[keyof NoopTrio, Loop]> = [
    ["incr", loops.incrOnNoop],
    ["empty", loops.emptyFunctionCall],
    ["otel", loops.otelNoopAdd],
    ["emptyOtelShape", loops.emptyFunctionOtelShape],
    ["loop", loops.emptyLoop],
  ];
  if (loops.otelNoopAddImported) contenders.push(["otelImported", loops.otelNoopAddImported]);
  const samples = new Map(contenders.map(([name]) => [name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    const results = await runBatches(
      contenders.map(([name, loop]) => batchOf(name, loop)),
      { timeMs: 200, warmupMs: 100 },
    );
    for (const [name, result] of results) samples.get(name as keyof NoopTrio)!.push(result.nsPerOp);
  }
  const trio: Partial<NoopTrio> = {};
  for (const [name, values] of samples) trio[name] = median(values);
  return trio as NoopTrio;
}
