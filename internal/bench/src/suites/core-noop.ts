import { runBatches } from "../harness/batched-bench.js";
import {
  emptyFunctionCall,
  emptyFunctionOtelShape,
  emptyLoop,
  incrOnNoop,
  otelNoopAdd,
} from "./core-noop-loops.js";

/** ns per call of the three contenders, and of the bare loop they all run in. */
export interface NoopTrio {
  incr: number;
  empty: number;
  otel: number;
  /** An empty function called with OTel's arguments `(1, { a: "b" })`: one object, not two. */
  emptyOtelShape: number;
  loop: number;
}

const CALLS_PER_BATCH = 10_000;

const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Measures `metrics.incr` on the no-op backend against an empty function and OTel's no-op, in
 * three interleaved rounds (median per contender), so a slow moment does not decide a ratio.
 */
export async function measureNoopTrio(): Promise<NoopTrio> {
  const n = CALLS_PER_BATCH;
  const rounds: NoopTrio[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = await runBatches(
      [
        { name: "incr", ops: n, run: () => incrOnNoop(n) },
        { name: "empty", ops: n, run: () => emptyFunctionCall(n) },
        { name: "otel", ops: n, run: () => otelNoopAdd(n) },
        { name: "emptyOtelShape", ops: n, run: () => emptyFunctionOtelShape(n) },
        { name: "loop", ops: n, run: () => emptyLoop(n) },
      ],
      { timeMs: 200, warmupMs: 100 },
    );
    const ns = (name: string) => results.get(name)!.nsPerOp;
    rounds.push({
      incr: ns("incr"),
      empty: ns("empty"),
      otel: ns("otel"),
      emptyOtelShape: ns("emptyOtelShape"),
      loop: ns("loop"),
    });
  }
  const of = (key: keyof NoopTrio) => median(rounds.map((round) => round[key]));
  return {
    incr: of("incr"),
    empty: of("empty"),
    otel: of("otel"),
    emptyOtelShape: of("emptyOtelShape"),
    loop: of("loop"),
  };
}
