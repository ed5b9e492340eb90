/** What a sink decoded from the StatsD / DogStatsD lines it received. */
export interface WireTotals {
  datagrams: number;
  bytes: number;
  /** Largest datagram seen, in bytes. */
  maxDatagram: number;
  lines: number;
  /** Sum over counter lines of value / rate: the count the server will report. */
  counterTotal: number;
  /** Timing / distribution / histogram values received (each value of a packed line counts). */
  values: number;
  /** Sum over those values of 1 / rate: the number of calls the server will account for. */
  weightedValues: number;
  /** Sum of the values themselves (milliseconds for timings). */
  valueSum: number;
  gauges: number;
  setMembers: number;
  /** Lines that could not be decoded. */
  malformed: number;
  /** One example of a malformed line, for the report. */
  malformedExample: string;
}

export function emptyTotals(): WireTotals {
  return {
    datagrams: 0,
    bytes: 0,
    maxDatagram: 0,
    lines: 0,
    counterTotal: 0,
    values: 0,
    weightedValues: 0,
    valueSum: 0,
    gauges: 0,
    setMembers: 0,
    malformed: 0,
    malformedExample: "",
  };
}

const VALUE_TYPES = new Set(["ms", "d", "h"]);

/**
 * Decodes one line of StatsD or DogStatsD and adds it to `totals`. Accepts both ways of packing
 * several values on a line: DogStatsD 1.1 `name:1:2:3|d|@0.5|#tags` and Etsy StatsD
 * `name:1|ms:2|ms`. Tags (`|#…`) and DogStatsD extension fields are skipped; they are checked
 * for correctness by the transports' own tests, not here.
 */
export function addLine(totals: WireTotals, line: string): void {
  totals.lines++;
  if (!decodeLine(totals, line)) {
    totals.malformed++;
    if (totals.malformedExample === "") totals.malformedExample = line.slice(0, 200);
  }
}

/** Adds what `line` carries to `totals`; false when the line cannot be decoded. */
function decodeLine(totals: WireTotals, line: string): boolean {
  const colon = line.indexOf(":");
  if (colon <= 0) return false;
  let rest = line.slice(colon + 1);
  // Tags run from `|#` to the next `|` (or the end); they may contain `:`.
  const tagsAt = rest.indexOf("|#");
  if (tagsAt >= 0) {
    const tagsEnd = rest.indexOf("|", tagsAt + 2);
    rest = rest.slice(0, tagsAt) + (tagsEnd >= 0 ? rest.slice(tagsEnd) : "");
  }
  const pending: string[] = [];
  for (const segment of rest.split(":")) {
    const fields = segment.split("|");
    if (fields[0] === "" || fields[0] === undefined) return false;
    pending.push(fields[0]);
    if (fields.length === 1) continue; // a value whose type follows in a later segment
    const type = fields[1];
    let rate = 1;
    for (const field of fields.slice(2)) {
      if (field.startsWith("@")) rate = Number(field.slice(1));
    }
    if (!(rate > 0 && rate <= 1)) return false;
    for (const raw of pending) {
      if (type === "s") {
        totals.setMembers++;
        continue;
      }
      const value = Number(raw);
      if (Number.isNaN(value)) return false;
      if (type === "c") totals.counterTotal += value / rate;
      else if (type !== undefined && VALUE_TYPES.has(type)) {
        totals.values++;
        totals.weightedValues += 1 / rate;
        totals.valueSum += value;
      } else if (type === "g") totals.gauges++;
      else return false;
    }
    pending.length = 0;
  }
  return pending.length === 0;
}

/** Adds one datagram: its size, then each of its newline-separated lines. */
export function addDatagram(totals: WireTotals, datagram: Buffer): void {
  totals.datagrams++;
  totals.bytes += datagram.length;
  if (datagram.length > totals.maxDatagram) totals.maxDatagram = datagram.length;
  for (const line of datagram.toString("utf8").split("\n")) {
    if (line !== "") addLine(totals, line);
  }
}
