import type { DistributionItem, ItemOf, PayloadKind } from "./wire-types.js";

/** Bytes of `{"series":[` + `]}` around the items. */
const WRAPPER_BYTES = 13;

export interface PackedPayload<K extends PayloadKind> {
  readonly kind: K;
  readonly items: ItemOf<K>[];
  /** Length of the JSON body (ASCII only after normalisation, so also its byte length). */
  readonly bytes: number;
  /** Points it carries: one per series, one per distribution value. */
  readonly points: number;
}

export interface PackResult<K extends PayloadKind> {
  readonly payloads: PackedPayload<K>[];
  /** Items too large for a request on their own (a series with thousands of tags): dropped. */
  readonly oversized: number;
}

export function pointsOf(kind: PayloadKind, item: ItemOf<PayloadKind>): number {
  return kind === "series" ? 1 : (item as DistributionItem).points[0][1].length;
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
): PackResult<K> {
  const payloads: PackedPayload<K>[] = [];
  let oversized = 0;
  let current: ItemOf<K>[] = [];
  let bytes = WRAPPER_BYTES;
  let points = 0;
  const close = () => {
    if (current.length === 0) return;
    payloads.push({ kind, items: current, bytes, points });
    current = [];
    bytes = WRAPPER_BYTES;
    points = 0;
  };
  const add = (item: ItemOf<K>, size: number) => {
    const extra = current.length === 0 ? size : size + 1;
    if (bytes + extra > maxBytes) close();
    bytes += current.length === 0 ? size : size + 1;
    points += pointsOf(kind, item);
    current.push(item);
  };
  for (const item of items) {
    const size = JSON.stringify(item).length;
    if (WRAPPER_BYTES + size <= maxBytes) {
      add(item, size);
    } else if (kind === "distribution" && pointsOf(kind, item) > 1) {
      for (const part of cutDistribution(item as DistributionItem, size, maxBytes)) {
        add(part as ItemOf<K>, JSON.stringify(part).length);
      }
    } else {
      oversized += 1;
    }
  }
  close();
  return { payloads, oversized };
}

/** Cuts a distribution's values into items that each fit in `maxBytes` with room to spare. */
function cutDistribution(
  item: DistributionItem,
  size: number,
  maxBytes: number,
): DistributionItem[] {
  const [timestamp, values] = item.points[0];
  const parts = Math.ceil((size * 1.1) / (maxBytes - WRAPPER_BYTES));
  const per = Math.max(1, Math.ceil(values.length / parts));
  const cut: DistributionItem[] = [];
  for (let start = 0; start < values.length; start += per) {
    cut.push({ ...item, points: [[timestamp, values.slice(start, start + per)]] });
  }
  return cut;
}

/** Splits a payload's items in two halves (or a lone distribution's values), for a retry. */
export function halve<K extends PayloadKind>(
  payload: PackedPayload<K>,
): [PackedPayload<K>, PackedPayload<K>] | undefined {
  const { kind, items } = payload;
  let left: ItemOf<K>[];
  let right: ItemOf<K>[];
  if (items.length > 1) {
    const middle = Math.ceil(items.length / 2);
    left = items.slice(0, middle);
    right = items.slice(middle);
  } else if (kind === "distribution" && items.length === 1 && pointsOf(kind, items[0]!) > 1) {
    const item = items[0] as DistributionItem;
    const [timestamp, values] = item.points[0];
    const middle = Math.ceil(values.length / 2);
    left = [{ ...item, points: [[timestamp, values.slice(0, middle)]] } as ItemOf<K>];
    right = [{ ...item, points: [[timestamp, values.slice(middle)]] } as ItemOf<K>];
  } else {
    return undefined;
  }
  const measure = (part: ItemOf<K>[]): PackedPayload<K> => ({
    kind,
    items: part,
    bytes: WRAPPER_BYTES + part.reduce((sum, item) => sum + JSON.stringify(item).length + 1, -1),
    points: part.reduce((sum, item) => sum + pointsOf(kind, item), 0),
  });
  return [measure(left), measure(right)];
}
