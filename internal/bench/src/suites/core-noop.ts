import { runBatches } from "../harness/batched-bench.js";
import { emptyFunctionCall, emptyLoop, incrOnNoop, otelNoopAdd } from "./core-noop-loops.js";

/** ns per call of the three contenders, and of the bare loop they all run in. */
export interface NoopTrio {
  incr: number;
  empty: number;
  otel: number;
  loop: number;
}

const CALLS_PER_BATCH = 10_000;

/** Measures `metrics.incr` on the no-op backend against an empty function and OTel's no-op. */
export async function measureNoopTrio(): Promise<NoopTrio> {
  const n = CALLS_PER_BATCH;
  const results = await runBatches(
    [
      { name: "incr", ops: n, run: () => incrOnNoop(n) },
      { name: "empty", ops: n, run: () => emptyFunctionCall(n) },
      { name: "otel", ops: n, run: () => otelNoopAdd(n) },
      { name: "loop", ops: n, run: () => emptyLoop(n) },
    ],
    { timeMs: 500, warmupMs: 200 },
  );
  const ns = (name: string) => results.get(name)!.nsPerOp;
  return { incr: ns("incr"), empty: ns("empty"), otel: ns("otel"), loop: ns("loop") };
}
