import type { DistributionItem, ItemOf, PayloadKind } from "./wire-types.js";

/** Bytes of `{"series":[` + `]}` around the items. */
const WRAPPER_BYTES = 13;

/**
 * One request body, held as the JSON of its items: compact in memory (what `maxQueueBytes`
 * bounds), cheap to hand to the intake worker, and splittable without re-encoding.
 */
export interface PackedPayload {
  readonly kind: PayloadKind;
  /** `JSON.stringify` of each item. */
  readonly pieces: readonly string[];
  /** Points of each item: one per series, one per distribution value. */
  readonly pointCounts: readonly number[];
  /** Length of the JSON body (UTF-16 units; equal to its bytes for ASCII names and tags). */
  readonly bytes: number;
  /** Points it carries. */
  readonly points: number;
}

export interface PackResult {
  readonly payloads: PackedPayload[];
  /** Items too large for a request on their own (a series with thousands of tags): dropped. */
  readonly oversized: number;
}

/** The request body: `{"series":[...]}`. */
export function bodyOf(payload: PackedPayload): string {
  return `{"series":[${payload.pieces.join(",")}]}`;
}

function pointsOf(kind: PayloadKind, item: ItemOf<PayloadKind>): number {
  return kind === "series" ? 1 : (item as DistributionItem).points[0][1].length;
}

function payloadOf(kind: PayloadKind, pieces: string[], pointCounts: number[]): PackedPayload {
  let bytes = WRAPPER_BYTES + pieces.length - 1;
  for (const piece of pieces) bytes += piece.length;
  let points = 0;
  for (const count of pointCounts) points += count;
  return { kind, pieces, pointCounts, bytes, points };
}

/**
 * Packs items into as few bodies as possible, each at most `maxBytes` of JSON. A distribution
 * too large for one body is cut into several items of the same name, tags and timestamp (the
 * intake adds their values together).
 */
export function packPayloads<K extends PayloadKind>(
  kind: K,
  items: readonly ItemOf<K>[],
  maxBytes: number,
): PackResult {
  const payloads: PackedPayload[] = [];
  let oversized = 0;
  let pieces: string[] = [];
  let counts: number[] = [];
  let bytes = WRAPPER_BYTES - 1;
  const add = (piece: string, points: number) => {
    if (pieces.length > 0 && bytes + piece.length + 1 > maxBytes) {
      payloads.push(payloadOf(kind, pieces, counts));
      pieces = [];
      counts = [];
      bytes = WRAPPER_BYTES - 1;
    }
    bytes += piece.length + 1;
    pieces.push(piece);
    counts.push(points);
  };
  for (const item of items) {
    const piece = JSON.stringify(item);
    if (WRAPPER_BYTES + piece.length <= maxBytes) {
      add(piece, pointsOf(kind, item));
    } else if (kind === "distribution" && pointsOf(kind, item) > 1) {
      for (const part of cutDistribution(item as DistributionItem, piece.length, maxBytes)) {
        add(JSON.stringify(part), part.points[0][1].length);
      }
    } else {
      oversized += 1;
    }
  }
  if (pieces.length > 0) payloads.push(payloadOf(kind, pieces, counts));
  return { payloads, oversized };
}

/** Cuts a distribution's values into items that each fit in `maxBytes` with room to spare. */
function cutDistribution(
  item: DistributionItem,
  size: number,
  maxBytes: number,
): DistributionItem[] {
  const parts = Math.ceil((size * 1.1) / (maxBytes - WRAPPER_BYTES));
  return splitValues(item, Math.max(1, Math.ceil(item.points[0][1].length / parts)));
}

function splitValues(item: DistributionItem, per: number): DistributionItem[] {
  const [timestamp, values] = item.points[0];
  const cut: DistributionItem[] = [];
  for (let start = 0; start < values.length; start += per) {
    cut.push({ ...item, points: [[timestamp, values.slice(start, start + per)]] });
  }
  return cut;
}

/** Splits a payload in two halves of its items (or a lone distribution's values), for a retry. */
export function halve(payload: PackedPayload): [PackedPayload, PackedPayload] | undefined {
  const { kind, pieces, pointCounts } = payload;
  if (pieces.length > 1) {
    const middle = Math.ceil(pieces.length / 2);
    return [
      payloadOf(kind, pieces.slice(0, middle), pointCounts.slice(0, middle)),
      payloadOf(kind, pieces.slice(middle), pointCounts.slice(middle)),
    ];
  }
  if (kind !== "distribution" || (pointCounts[0] ?? 0) < 2) return undefined;
  const item = JSON.parse(pieces[0] as string) as DistributionItem;
  const [left, right] = splitValues(item, Math.ceil(item.points[0][1].length / 2)) as [
    DistributionItem,
    DistributionItem,
  ];
  return [
    payloadOf(kind, [JSON.stringify(left)], [left.points[0][1].length]),
    payloadOf(kind, [JSON.stringify(right)], [right.points[0][1].length]),
  ];
}
