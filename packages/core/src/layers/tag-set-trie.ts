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
  /** The name most tag sets have next (checked by one compare), and its values. */
  name: string | undefined = undefined;
  /**
   * The node of the one value under `name`, while there is one, and that value: below the first
   * tag, most tags have one value per parent (`method: "GET"` under each route), so a compare
   * replaces a keyed load; where values vary, a check of `onlyChild` skips the compare.
   */
  onlyChild: TagSetNode | null = null;
  onlyValue: string | undefined = undefined;
  readonly values: Children = Object.create(null);
  /** Values under any other next name. */
  others: Map<string, Children> | undefined = undefined;
}

/** The node after `name: value` below `node`, if remembered. */
export function childOf(node: TagSetNode, name: string, value: string): TagSetNode | undefined {
  if (name !== node.name) return node.others?.get(name)?.[value];
  return node.onlyChild !== null && value === node.onlyValue ? node.onlyChild : node.values[value];
}

/** A tag set as `[name, value]` pairs: read once, so every walk sees the same values. */
export type TagPairs = (readonly [name: string, value: string])[];

/** The pairs of `tags`, in the order `for...in` gives them, as the backends read them. */
export function pairsOf(tags: Tags): TagPairs {
  const pairs: TagPairs = [];
  for (const name in tags) pairs.push([name, tags[name]!]);
  return pairs;
}

/** `pairs` if its names are in ascending order already, else a sorted copy. */
export function sortedByName(pairs: TagPairs): TagPairs {
  for (let i = 1; i < pairs.length; i++) {
    if (!(pairs[i - 1]![0] < pairs[i]![0])) {
      return [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    }
  }
  return pairs;
}

/** The node at the end of `pairs`' path, if remembered. */
export function find(root: TagSetNode, pairs: TagPairs): TagSetNode | undefined {
  let node: TagSetNode | undefined = root;
  for (let i = 0; i < pairs.length && node !== undefined; i++) {
    node = childOf(node, pairs[i]![0], pairs[i]![1]);
  }
  return node;
}

/** Adds the path of `pairs`, in their order, and marks its end admitted. */
export function remember(root: TagSetNode, pairs: TagPairs): void {
  let node = root;
  for (const [name, value] of pairs) {
    const firstName = node.name === undefined;
    if (firstName) node.name = name;
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
    let child = byValue[value];
    if (child === undefined) {
      child = new TagSetNode();
      byValue[value] = child;
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
