import type { Tags } from "./tags.js";

/**
 * Calls of evidence against the cache it takes to switch it off for the window, and the most a
 * run of hits can bank. A new (or mutated) tags object per call makes every lookup a miss and
 * the bookkeeping cost ~15 ns a call (measured): such callers soon get the plain trie back.
 */
const MAX_CREDIT = 1000;

/** What one tags object held when it was remembered, and the contexts it led to. */
interface Entry<C> {
  /** Tag names in the object's enumeration order, then... */
  readonly names: string[];
  /** ...their values, at the time the entry was made. */
  readonly values: string[];
  /** The first key this object was used with, and its context, held inline: mostly the only one. */
  readonly key: string;
  readonly context: C;
  /** The context of every other key this object was used with. */
  more: Map<string, C> | undefined;
  /** Set once the object was seen holding something else: it is not trusted again. */
  mutated: boolean;
}

/**
 * The contexts a caller's very own tags object led to before, for callers that reuse their
 * objects: one `WeakMap` lookup and a comparison of the object with what it held then, instead
 * of a trie walk (whose `Map` lookups were most of a call). The comparison makes a mutated
 * object miss; such an object is not remembered again in this window, so a caller that mutates
 * one object before every call pays only the lookup. Holds objects weakly. Hits earn credit and
 * signs of callers not reusing objects ({@link notReused}, mutations) spend it; without credit,
 * the cache is off ({@link enabled}) until the window ends.
 */
export class TagsObjectCache<C> {
  private readonly entries = new WeakMap<object, Entry<C>>();
  private credit = MAX_CREDIT;

  /** False once callers showed they do not reuse their tags objects: skip the cache. */
  get enabled(): boolean {
    return this.credit > 0;
  }

  /** The context remembered for `key` + this very `tags` object, if it still holds the same. */
  get(key: string, tags: Tags): C | undefined {
    if (this.credit <= 0) return undefined;
    const entry = this.entries.get(tags);
    if (entry === undefined || entry.mutated) return undefined;
    if (!holdsSame(tags, entry)) {
      entry.mutated = true;
      return undefined;
    }
    const found = entry.key === key ? entry.context : entry.more?.get(key);
    if (found !== undefined && this.credit < MAX_CREDIT) this.credit += 1;
    return found;
  }

  /** Notes a context found by another object than the one that found it last. */
  notReused(): void {
    this.credit -= 1;
  }

  /** Remembers that `key` + `tags` (as the object holds now) lead to `context`. */
  remember(key: string, tags: Tags, context: C): void {
    if (typeof tags !== "object" || tags === null) return;
    const entry = this.entries.get(tags);
    if (entry === undefined) {
      const names: string[] = [];
      const values: string[] = [];
      for (const name in tags) {
        names.push(name);
        values.push(tags[name] as string);
      }
      this.entries.set(tags, { names, values, key, context, more: undefined, mutated: false });
    } else if (entry.mutated || !holdsSame(tags, entry)) {
      entry.mutated = true;
      this.credit -= 1;
    } else {
      entry.more ??= new Map();
      entry.more.set(key, context);
    }
  }
}

/** True when `tags` lists exactly the entry's names, in its order, with its values. */
function holdsSame(tags: Tags, entry: Entry<unknown>): boolean {
  const { names, values } = entry;
  let i = 0;
  for (const name in tags) {
    if (names[i] !== name || values[i] !== tags[name]) return false;
    i++;
  }
  return i === names.length;
}
