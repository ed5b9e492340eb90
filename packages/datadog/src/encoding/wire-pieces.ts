/**
 * The JSON of one request item, written by hand straight from a context: no intermediate object,
 * no `JSON.stringify` of a model, no second pass. Each item is one flat string whose UTF-8 size
 * is known from the start, so a body is written once into a buffer of its exact size
 * (pack-payloads.ts). Names, tags, hosts and units reach this file
 * normalised (see naming/normalize.ts: letters, digits and `_-:./` only), so they need no JSON
 * escaping; numbers are finite (checked by the caller), and `String()` of a finite number is
 * valid JSON. The field names are the API's (`MetricSeries` of `/api/v2/series`,
 * `DistributionPointsSeries` of `/api/v1/distribution_points`).
 */

import { MAX_NUMBER_BYTES, writeNumberList } from "./number-list.js";

/** `MetricIntakeType` of the v2 series API. */
export const COUNT = 1;
export const GAUGE = 3;

/** Most values per distribution item: keeps every item small enough to move between bodies. */
export const VALUES_PER_ITEM = 1000;

/** One item of a request body and the points it carries (for loss accounting). */
export interface Piece {
  /** The item's JSON. */
  readonly json: string;
  /** Its size in UTF-8. */
  readonly bytes: number;
  /** Points it carries: 1 per series, one per distribution value, 1 per event. */
  readonly points: number;
}

/** What is attached to every item of one window. */
export interface ItemFrame {
  readonly timestamp: number;
  /** Normalised host, or `undefined`. */
  readonly host: string | undefined;
}

function tagsJson(tags: readonly string[]): string {
  return tags.length === 0 ? "" : `,"tags":["${tags.join('","')}"]`;
}

/** A v2 series item of one point. `interval` only for counts. */
export function seriesPiece(
  frame: ItemFrame,
  metric: string,
  type: typeof COUNT | typeof GAUGE,
  value: number,
  tags: readonly string[],
  unit: string | undefined,
  interval: number | undefined,
): Piece {
  let json = `{"metric":"${metric}","type":${type},"points":[{"timestamp":${frame.timestamp},"value":${String(value)}}]`;
  if (interval !== undefined) json += `,"interval":${interval}`;
  if (unit !== undefined) json += `,"unit":"${unit}"`;
  if (frame.host !== undefined) json += `,"resources":[{"name":"${frame.host}","type":"host"}]`;
  json += `${tagsJson(tags)}}`;
  return pieceOf(json, 1);
}

/**
 * An item of this JSON, carrying `points`.
 *
 * @example
 * pieceOf('{"title":"é"}', 1).bytes; // 14
 */
export function pieceOf(json: string, points: number): Piece {
  return { json, bytes: Buffer.byteLength(json, "utf8"), points };
}

/**
 * Where distribution items are written: head, values and tail as bytes, then read out as one
 * flat string. Building the item by concatenation instead left a rope that every later step
 * (measuring it, writing the body) flattened again.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** v1 distribution items carrying `values` (finite), at most {@link VALUES_PER_ITEM} each. */
export function distributionPieces(
  frame: ItemFrame,
  metric: string,
  values: readonly number[],
  tags: readonly string[],
): Piece[] {
  const head = `{"metric":"${metric}","points":[[${frame.timestamp},[`;
  const host = frame.host === undefined ? "" : `,"host":"${frame.host}"`;
  const tail = `]]]${host}${tagsJson(tags)},"type":"distribution"}`;
  // At most 3 UTF-8 bytes per UTF-16 unit.
  const needed = 3 * (head.length + tail.length) + VALUES_PER_ITEM * MAX_NUMBER_BYTES;
  if (scratch.length < needed) scratch = Buffer.allocUnsafe(needed);
  const out = scratch;
  const pieces: Piece[] = [];
  for (let start = 0; start < values.length; start += VALUES_PER_ITEM) {
    const end = Math.min(values.length, start + VALUES_PER_ITEM);
    const headBytes = out.write(head, 0, "utf8");
    let at = writeNumberList(out, headBytes, values, start, end);
    const tailBytes = out.write(tail, at, "utf8");
    at += tailBytes;
    // Numbers are ASCII: with an ASCII head and tail, the bytes read back as Latin-1 are the JSON.
    const ascii = headBytes + tailBytes === head.length + tail.length;
    pieces.push({
      json: out.toString(ascii ? "latin1" : "utf8", 0, at),
      bytes: at,
      points: end - start,
    });
  }
  return pieces;
}
