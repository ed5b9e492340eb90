import { formatBytes, formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";
import type { ClientMeasurement } from "./measure-client.js";

/** One row of a wire comparison: a measurement, or why there is none. */
export interface WireRow {
  label: string;
  /** Peers are the baseline of the ratio column; ours are compared against them. */
  peer: boolean;
  /**
   * `sampled`: the client keeps a bounded reservoir per context and sends the rest as a sample
   * rate, so delivery is judged on the rate-weighted count (within 0.1%), not on raw values.
   */
  delivery?: "exact" | "sampled";
  result: ClientMeasurement | { unavailable: string };
  /** Shown for insight only (e.g. our backend without the facade): no target lines. */
  informative?: boolean;
  /** Every measurement made; `result` is the fastest. */
  rounds?: ClientMeasurement[];
}

export function isMeasured(row: WireRow): row is WireRow & { result: ClientMeasurement } {
  return !("unavailable" in row.result);
}

/** What arrived, as the server would count it, against what was emitted. */
export function delivered(m: ClientMeasurement): { got: number; want: number; exact: boolean } {
  if (m.expected.counterTotal !== undefined) {
    const got = m.totals.counterTotal;
    return { got, want: m.expected.counterTotal, exact: got === m.expected.counterTotal };
  }
  const want = m.expected.values ?? 0;
  const got = m.totals.weightedValues;
  // Every value, and the right ones: their sum (in ms) must match too, up to float formatting.
  const wantSum = m.expected.valueSum ?? 0;
  const sumMatches = Math.abs(m.totals.valueSum - wantSum) <= wantSum * 1e-9;
  return { got, want, exact: m.totals.values === want && sumMatches };
}

function deliveredCell(m: ClientMeasurement): string {
  const { got, want } = delivered(m);
  const percent = want === 0 ? 0 : (got / want) * 100;
  let cell = `${formatNumber(Math.round(got), 0)} / ${formatNumber(want, 0)} (${percent.toFixed(percent === 100 ? 0 : 2)}%)`;
  if (m.expected.values !== undefined && Math.round(got) !== m.totals.values) {
    cell += `, ${formatNumber(m.totals.values, 0)} values sent, rest carried by sample rate`;
  }
  return cell;
}

function fastestPeer(rows: WireRow[]): ClientMeasurement | undefined {
  let best: ClientMeasurement | undefined;
  for (const row of rows) {
    if (row.peer && isMeasured(row) && (!best || row.result.callsPerSec > best.callsPerSec)) {
      best = row.result;
    }
  }
  return best;
}

/** The comparison table of one workload. */
export function wireTable(rows: WireRow[]): string {
  const baseline = rows.find((row) => row.peer && isMeasured(row));
  const baseRate = baseline && isMeasured(baseline) ? baseline.result.callsPerSec : Number.NaN;
  const body = rows.map((row) => {
    if ("unavailable" in row.result) {
      return [`${row.label}: not available (${row.result.unavailable})`, "–"];
    }
    const m = row.result;
    return [
      row.label,
      formatNumber(m.callsPerSec, 0),
      formatNumber(1e9 / m.callsPerSec, 0),
      formatRatio(m.callsPerSec / baseRate),
      formatNumber(m.totalMs, 0),
      formatNumber((m.totals.datagrams * 1e6) / m.calls, 0),
      formatBytes(m.totals.bytes),
      formatNumber(m.totals.bytes / m.calls, 2),
      formatNumber(m.totals.maxDatagram, 0),
      deliveredCell(m),
      m.kernelDrops === null ? "n/a" : formatNumber(m.kernelDrops, 0),
      `${m.totals.malformed}${m.totals.malformed ? ` (e.g. \`${m.totals.malformedExample}\`)` : ""}`,
      formatNumber(m.errors, 0),
    ];
  });
  return renderTable({
    headers: [
      "client",
      "calls/s",
      "ns/call",
      "× hot-shots buffered (1st row)",
      "calls + close (ms)",
      "datagrams / 1M calls",
      "bytes on wire",
      "bytes / call",
      "largest datagram (B)",
      "delivered / expected",
      "kernel drops",
      "malformed lines",
      "errors reported",
    ],
    rows: body,
  });
}

/**
 * Target lines: each of our rows against the fastest peer row of the same table, plus the
 * delivery requirement.
 */
export function wireVerdicts(
  rows: WireRow[],
  workload: string,
  speedTarget: number,
  fewerDatagramsTarget?: number,
): string[] {
  const peer = fastestPeer(rows);
  const lines: string[] = [];
  for (const row of rows) {
    if (row.peer || row.informative) continue;
    if ("unavailable" in row.result) {
      lines.push(`- **NOT MEASURED** ${row.label}: ${row.result.unavailable}`);
      continue;
    }
    const m = row.result;
    if (peer) {
      const ratio = m.callsPerSec / peer.callsPerSec;
      lines.push(
        verdict(
          ratio >= speedTarget,
          `${row.label}, ${workload}: ≥ ${speedTarget}× the fastest hot-shots configuration's calls/s`,
          `${formatRatio(ratio)} (${formatNumber(m.callsPerSec, 0)} vs ${formatNumber(peer.callsPerSec, 0)} calls/s)`,
        ),
      );
      if (fewerDatagramsTarget !== undefined) {
        const fewer = peer.totals.datagrams / Math.max(1, m.totals.datagrams);
        const measured = `${formatRatio(fewer)} (${formatNumber(m.totals.datagrams, 0)} vs ${formatNumber(peer.totals.datagrams, 0)})`;
        // A row sending every value (its per-context bound raised) is bounded by bytes, not
        // by packing: at least ~4 bytes per value (`:123`) in a datagram of at most the packet
        // size. The datagram target applies to the transport's defaults.
        lines.push(
          row.delivery === "exact"
            ? `- INFO ${row.label}, ${workload}: ${measured} fewer datagrams, every value sent; at ≥ 4 B per value no packing reaches ${fewerDatagramsTarget}× here`
            : verdict(
                fewer >= fewerDatagramsTarget,
                `${row.label}, ${workload}: ≥ ${fewerDatagramsTarget}× fewer datagrams than that hot-shots configuration`,
                measured,
              ),
        );
      }
    }
    // Delivery must hold in every round, not only in the fastest one shown.
    const rounds = row.rounds ?? [m];
    let worst = delivered(m);
    let malformed = 0;
    let ok = true;
    for (const round of rounds) {
      const d = delivered(round);
      malformed += round.totals.malformed;
      const roundOk =
        row.delivery === "sampled" ? Math.abs(d.got - d.want) <= d.want * 0.001 : d.exact;
      if (!roundOk) {
        ok = false;
        worst = d;
      }
    }
    lines.push(
      verdict(
        ok && malformed === 0,
        row.delivery === "sampled"
          ? `${row.label}, ${workload}: values past the per-context bound accounted for by the sample rate (±0.1%), no malformed line`
          : m.expected.counterTotal !== undefined
            ? `${row.label}, ${workload}: every count delivered, no malformed line`
            : `${row.label}, ${workload}: every value delivered (count and sum in ms), no malformed line`,
        `${formatNumber(Math.round(worst.got), 0)} / ${formatNumber(worst.want, 0)}${ok ? "" : " in the worst measurement"}, ${malformed} malformed, ${rounds.length} measurement(s)`,
      ),
    );
  }
  return lines;
}
