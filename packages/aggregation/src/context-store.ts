import { type Tags, tagsSignature } from "./tags-signature.js";

/** What every aggregated context carries: its metric key and tags. */
export interface Context {
  readonly key: string;
  readonly tags: Tags;
}

/**
 * The contexts of one metric kind in one window, found by key + tags. Untagged contexts live in
 * their own map keyed by the bare key, so the commonest lookup allocates nothing; tagged ones are
 * keyed by `signature + key` (the signature is self-delimiting, so this cannot collide).
 */
export class ContextStore<C extends Context> {
  private readonly untagged = new Map<string, C>();
  private readonly tagged = new Map<string, C>();
  /** Every context in creation order, so draining needs no map iteration. */
  readonly contexts: C[] = [];
  // Where the last `find` looked, so `addFound` need not build the signature again.
  private lastLookup = "";
  private lastTagged = false;

  /** The context of `key` + `tags`, or `undefined`. A miss may be followed by `addFound`. */
  find(key: string, tags: Tags): C | undefined {
    const signature = tagsSignature(tags);
    if (signature === "") {
      this.lastLookup = key;
      this.lastTagged = false;
      return this.untagged.get(key);
    }
    const compound = signature + key;
    this.lastLookup = compound;
    this.lastTagged = true;
    return this.tagged.get(compound);
  }

  /** Adds a context for the key + tags of the immediately preceding `find`. */
  addFound(context: C): void {
    (this.lastTagged ? this.tagged : this.untagged).set(this.lastLookup, context);
    this.contexts.push(context);
  }
}
