import type { Tags } from "../index.js";

/** A dictionary (no prototype): a keyed load costs less than `Map#get` here (measured). */
type Children = Record<string, TagSetNode | undefined>;

/**
 * One node of a trie over a key's tag sets, in the order their names come: each step is a tag
 * name, then its value. A node whose path spells an admitted tag set says so; as a path holds a
 * set's pairs, a node marked by one order of a set means that set, whatever order marked it.
 * Every admitted set has its path in names-sorted order (so membership never depends on the
 * order a set first came in); other orders are remembered as they come, a bounded number.
 *
 * Written by hand: it answers "admitted?" with a `for...in` over the caller's own tags object
 * and at most a compare and a keyed load per tag, where a string per tag set would allocate on
 * every call, and a `Map` per step costs more than a keyed load on Node 20.
 */
export class TagSetNode {
  /** Whether the path to this node spells an admitted tag set. */
  admitted = false;
  /** The name most tag sets have next, and its values. */
  name: string | undefined = undefined;
  /**
   * `name` while its values are in the `values` dictionary, for the layer's hot loop to compare
   * with; `undefined` once they moved to `valueMap`, so that loop needs no check of its own.
   */
  fastName: string | undefined = undefined;
  /**
   * The node of the one value under `name`, while there is one, and that value: below the first
   * tag, most tags have one value per parent (`method: "GET"` under each route), so a compare
   * replaces a keyed load; where values vary, a check of `onlyChild` skips the compare.
   */
  onlyChild: TagSetNode | null = null;
  onlyValue: string | undefined = undefined;
  readonly values: Children = Object.create(null);
  /**
   * The values under `name` once tag sets past the cap missed here `MISSES_BEFORE_MAP` times:
   * a keyed load with a string never seen before adds it to V8's string table (~1 µs a call on
   * Node 20, for a runaway tag such as a user id); `Map#get` only hashes it.
   */
  valueMap: Map<string, TagSetNode> | undefined = undefined;
  misses = 0;
  /** Values under any other next name. */
  others: Map<string, Children> | undefined = undefined;
}

const MISSES_BEFORE_MAP = 64;

/** Counts a tag set past the cap that found no value here; moves the values to a `Map` then. */
export function countMiss(node: TagSetNode): void {
  if (++node.misses === MISSES_BEFORE_MAP) {
    node.valueMap = new Map(Object.entries(node.values) as [string, TagSetNode][]);
    node.fastName = undefined;
  }
}

/** The node after `name: value` below `node`, if remembered. */
export function childOf(node: TagSetNode, name: string, value: string): TagSetNode | undefined {
  if (name !== node.name) return node.others?.get(name)?.[value];
  if (node.onlyChild !== null && value === node.onlyValue) return node.onlyChild;
  return node.valueMap === undefined ? node.values[value] : node.valueMap.get(value);
}

/** A tag set as `[name, value]` pairs: read once, so every walk sees the same values. */
export type TagPairs = (readonly [name: string, value: string])[];

/** The pairs of `tags`, in the order `for...in` gives them, as the backends read them. */
export function pairsOf(tags: Tags): TagPairs {
  const pairs: TagPairs = [];
  for (const name in tags) pairs.push([name, tags[name]!]);
  return pairs;
}

/**
 * `pairs` if its names are in ascending order already, else a sorted copy. An insertion sort by
 * hand: for the few tags a metric has, `Array#sort` with a comparator costs more than the rest
 * of a call past the cap.
 */
export function sortedByName(pairs: TagPairs): TagPairs {
  let i = 1;
  while (i < pairs.length && pairs[i - 1]![0] < pairs[i]![0]) i++;
  if (i >= pairs.length) return pairs;
  const sorted = pairs.slice();
  for (; i < sorted.length; i++) {
    const pair = sorted[i]!;
    let j = i;
    for (; j > 0 && pair[0] < sorted[j - 1]![0]; j--) sorted[j] = sorted[j - 1]!;
    sorted[j] = pair;
  }
  return sorted;
}

/**
 * The node at the end of `pairs`' path, if remembered. `pastCap`: the set is not admitted
 * unless found, and would overflow; a miss is counted where it happens (see `countMiss`).
 */
export function find(root: TagSetNode, pairs: TagPairs, pastCap: boolean): TagSetNode | undefined {
  let node = root;
  for (const [name, value] of pairs) {
    const next = childOf(node, name, value);
    if (next === undefined) {
      if (pastCap) countMiss(node);
      return undefined;
    }
    node = next;
  }
  return node;
}

/** Adds the path of `pairs`, in their order, and marks its end admitted. */
export function remember(root: TagSetNode, pairs: TagPairs): void {
  let node = root;
  for (const [name, value] of pairs) {
    const firstName = node.name === undefined;
    if (firstName) {
      node.name = name;
      node.fastName = name;
    }
    let byValue: Children | undefined;
    if (name === node.name) byValue = node.values;
    else {
      node.others ??= new Map();
      byValue = node.others.get(name);
      if (byValue === undefined) {
        byValue = Object.create(null) as Children;
        node.others.set(name, byValue);
      }
    }
    const inMap = byValue === node.values && node.valueMap !== undefined;
    let child = inMap ? node.valueMap!.get(value) : byValue[value];
    if (child === undefined) {
      child = new TagSetNode();
      if (inMap) node.valueMap!.set(value, child);
      else byValue[value] = child;
      // The first value under `name` is its only one; a second ends that.
      if (firstName) {
        node.onlyChild = child;
        node.onlyValue = value;
      } else if (byValue === node.values) node.onlyChild = null;
    }
    node = child;
  }
  node.admitted = true;
}
