import { parseLine, parseStatsdLine } from "@metrics/test-peers";

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

/**
 * Decodes one line and adds it to `totals`, through the strict parsers of `@metrics/test-peers`
 * (the ones every transport test uses): DogStatsD first (`name:1:2:3|d|@0.5|#tags`, events),
 * then plain StatsD (`name:1|ms:2|ms|#tags`). A line neither reads exactly is malformed.
 */
export function addLine(totals: WireTotals, line: string): void {
  totals.lines++;
  if (!decodeLine(totals, line)) {
    totals.malformed++;
    if (totals.malformedExample === "") totals.malformedExample = line.slice(0, 200);
  }
}

/** One value of `type` at `rate` into `totals`. */
function addValue(totals: WireTotals, type: string, value: number, rate: number): void {
  if (type === "c") totals.counterTotal += value / rate;
  else if (type === "g") totals.gauges++;
  else if (type === "s") totals.setMembers++;
  else {
    totals.values++;
    totals.weightedValues += 1 / rate;
    totals.valueSum += value;
  }
}

/** Adds what `line` carries to `totals`; false when neither parser reads it. */
function decodeLine(totals: WireTotals, line: string): boolean {
  const dogstatsd = tryParse(() => parseLine(line));
  if (dogstatsd !== undefined) {
    if (dogstatsd.kind === "event") return true;
    if (dogstatsd.type === "s") addValue(totals, "s", 0, 1);
    for (const value of dogstatsd.values)
      addValue(totals, dogstatsd.type, value, dogstatsd.sampleRate);
    return true;
  }
  const statsd = tryParse(() => parseStatsdLine(line));
  if (statsd === undefined) return false;
  for (const v of statsd.values) addValue(totals, v.type, Number(v.value), v.sampleRate);
  return true;
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
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
