import type { Piece } from "./wire-pieces.js";

/** The three endpoints, each with its own queue. */
export type PayloadKind = "series" | "distribution" | "event";

/** Bytes of `{"series":[` + `]}` around the items. */
const WRAPPER_BYTES = 13;

/**
 * One request body, held as its items' JSON: what `maxQueueBytes` bounds, and splittable into
 * halves by items for a retry, never by parsing it back.
 */
export interface PackedPayload {
  readonly kind: PayloadKind;
  /** The items (for an event: the whole body). */
  readonly pieces: readonly Piece[];
  /** UTF-8 bytes of the uncompressed body. */
  readonly bytes: number;
  /** Points it carries. */
  readonly points: number;
}

export interface PackResult {
  readonly payloads: PackedPayload[];
  /** Items too large for a request on their own (a series with thousands of tags): dropped. */
  readonly oversized: number;
  /** Points of those items. */
  readonly oversizedPoints: number;
}

/**
 * The request body, as the bytes that are compressed and sent: `{"series":[...]}` around the
 * items, each written once into a buffer of the body's exact size, or the event.
 *
 * @example
 * bodyOf(payloadOf("series", [pieceOf('{"metric":"m"}', 1)])).toString(); // '{"series":[{"metric":"m"}]}'
 */
export function bodyOf(payload: PackedPayload): Buffer {
  const { pieces } = payload;
  if (payload.kind === "event") return Buffer.from((pieces[0] as Piece).json, "utf8");
  const body = Buffer.allocUnsafe(payload.bytes);
  let at = body.write('{"series":[', 0, "latin1");
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) body[at++] = 0x2c; // ","
    at += body.write((pieces[i] as Piece).json, at, "utf8");
  }
  body.write("]}", at, "latin1");
  return body;
}

/**
 * A payload of these pieces, its size measured.
 *
 * @example
 * payloadOf("series", [pieceOf("{}", 1)]).bytes; // 15
 */
export function payloadOf(kind: PayloadKind, pieces: readonly Piece[]): PackedPayload {
  let bytes = kind === "event" ? 0 : WRAPPER_BYTES + Math.max(0, pieces.length - 1);
  let points = 0;
  for (const piece of pieces) {
    bytes += piece.bytes;
    points += piece.points;
  }
  return { kind, pieces, bytes, points };
}

/**
 * Packs items in order into as few bodies as possible, each at most `maxBytes` (UTF-8 JSON).
 *
 * @example
 * packPayloads("series", pieces, 4_000_000).payloads.length; // 1 for a few thousand series
 */
export function packPayloads(
  kind: PayloadKind,
  items: readonly Piece[],
  maxBytes: number,
): PackResult {
  const payloads: PackedPayload[] = [];
  let oversized = 0;
  let oversizedPoints = 0;
  let current: Piece[] = [];
  let bytes = WRAPPER_BYTES - 1;
  for (const item of items) {
    const size = item.bytes;
    if (WRAPPER_BYTES + size > maxBytes) {
      oversized += 1;
      oversizedPoints += item.points;
      continue;
    }
    if (current.length > 0 && bytes + size + 1 > maxBytes) {
      payloads.push(payloadOf(kind, current));
      current = [];
      bytes = WRAPPER_BYTES - 1;
    }
    bytes += size + 1;
    current.push(item);
  }
  if (current.length > 0) payloads.push(payloadOf(kind, current));
  return { payloads, oversized, oversizedPoints };
}

/**
 * Splits a payload into two halves of its items, for a retry after a "too large" answer; a
 * payload of one item cannot be split (items are small by construction, see `VALUES_PER_ITEM`).
 *
 * @example
 * halve(payloadOf("series", [a, b]))?.map((half) => half.pieces.length); // [1, 1]
 */
export function halve(payload: PackedPayload): [PackedPayload, PackedPayload] | undefined {
  const { kind, pieces } = payload;
  if (kind === "event" || pieces.length < 2) return undefined;
  const middle = Math.ceil(pieces.length / 2);
  return [payloadOf(kind, pieces.slice(0, middle)), payloadOf(kind, pieces.slice(middle))];
}
