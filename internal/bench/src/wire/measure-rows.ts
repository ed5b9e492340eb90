import type { Sink } from "../sink/sink-client.js";
import { type ClientMeasurement, type ClientUnderTest, measureClient } from "./measure-client.js";
import type { WireRow } from "./wire-table.js";
import type { Expected } from "./workloads.js";

/** A row to measure: how to build its client, or why it cannot be built. */
export interface RowPlan {
  label: string;
  peer: boolean;
  delivery?: WireRow["delivery"];
  informative?: boolean;
  create: (() => ClientUnderTest) | { unavailable: string };
  /** Fewer rounds than the table's, for a row that only documents a known non-effect. */
  rounds?: number;
}

function rowOf(plan: RowPlan): Omit<WireRow, "result"> {
  return {
    label: plan.label,
    peer: plan.peer,
    delivery: plan.delivery,
    informative: plan.informative,
  };
}

/**
 * Measurements of each of our rows per round. One of ours lasts ~0.1 s where a peer's lasts
 * ~2.5 s: a peer's measurement spans the machine's slow and quiet spells, ours often falls in
 * one. Three short measurements per round still sample far less time than the peer's one.
 */
const OUR_MEASUREMENTS_PER_ROUND = 3;

/**
 * Measures every plan `rounds` times, interleaved (round 1 of every row, then round 2, ...) so a
 * burst of background load hits all rows alike. Each row shows its fastest measurement; its
 * delivery verdict uses every one.
 */
export async function measureRows(
  sink: Sink,
  channel: "udp" | "uds",
  plans: RowPlan[],
  calls: number,
  expected: Expected,
  rounds: number,
): Promise<WireRow[]> {
  const measured = plans.map(() => [] as ClientMeasurement[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, plan] of plans.entries()) {
      if (typeof plan.create !== "function" || round >= (plan.rounds ?? rounds)) continue;
      const repeats = plan.peer ? 1 : OUR_MEASUREMENTS_PER_ROUND;
      for (let repeat = 0; repeat < repeats; repeat++) {
        measured[index]!.push(await measureClient(sink, channel, plan.create, calls, expected));
      }
    }
  }
  return plans.map((plan, index) => {
    const all = measured[index]!;
    if (typeof plan.create !== "function") {
      return { ...rowOf(plan), result: plan.create };
    }
    const best = all.reduce((a, b) => (b.callsPerSec > a.callsPerSec ? b : a));
    return { ...rowOf(plan), result: best, rounds: all };
  });
}
