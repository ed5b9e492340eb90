/**
 * The JSON of one request item, written by hand straight from a context: no intermediate object,
 * no `JSON.stringify` of a model, no second pass. Names, tags, hosts and units reach this file
 * normalised (see naming/normalize.ts: letters, digits and `_-:./` only), so they need no JSON
 * escaping; numbers are finite (checked by the caller), and `String()` of a finite number is
 * valid JSON. The field names are the API's (`MetricSeries` of `/api/v2/series`,
 * `DistributionPointsSeries` of `/api/v1/distribution_points`).
 */

import { numberList } from "./number-list.js";

/** `MetricIntakeType` of the v2 series API. */
export const COUNT = 1;
export const GAUGE = 3;

/** Most values per distribution item: keeps every item small enough to move between bodies. */
export const VALUES_PER_ITEM = 1000;

/** One item of a request body and the points it carries (for loss accounting). */
export interface Piece {
  /** The item's JSON. */
  readonly json: string;
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
  return { json, points: 1 };
}

/** v1 distribution items carrying `values` (finite), at most {@link VALUES_PER_ITEM} each. */
export function distributionPieces(
  frame: ItemFrame,
  metric: string,
  values: readonly number[],
  tags: readonly string[],
): Piece[] {
  const head = `{"metric":"${metric}","points":[[${frame.timestamp},[`;
  const tail = `]]]${frame.host === undefined ? "" : `,"host":"${frame.host}"`}${tagsJson(tags)},"type":"distribution"}`;
  const pieces: Piece[] = [];
  for (let start = 0; start < values.length; start += VALUES_PER_ITEM) {
    const end = Math.min(values.length, start + VALUES_PER_ITEM);
    pieces.push({ json: head + numberList(values, start, end) + tail, points: end - start });
  }
  return pieces;
}
