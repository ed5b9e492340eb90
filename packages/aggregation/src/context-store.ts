import type { Tags } from "./tags.js";

/** What every aggregated context carries: its metric key, tags and unit. */
export interface Context {
  /** The metric key, prefix included. */
  readonly key: string;
  /** The context's tags, as the backend received them. */
  readonly tags: Tags;
  /** The unit of the context's first call (e.g. `"byte"`), if it had one. */
  readonly unit: string | undefined;
}

/**
 * A step of the lookup trie: the context reached so far, and where each next tag (name, value)
 * leads. The first edge is held inline, because most steps have only one: maps only for the rest,
 * which keeps 100,000 contexts from costing 400,000 maps. Other values of the first edge's tag
 * name (the usual case: the same tags, other values) are one map lookup away, other names two.
 */
interface Step<C> {
  context: C | undefined;
  name: string | undefined;
  value: string | undefined;
  child: Step<C> | undefined;
  /**
   * Once the tag `name` has had a second value: every value of it, the first included. Looked up
   * before `value` is compared, because comparing two different strings calls out of optimized code.
   */
  sameName: Map<string, Step<C>> | undefined;
  /** Steps for other tag names: name, then value. */
  otherNames: Map<string, Map<string, Step<C>>> | undefined;
}

function newStep<C>(): Step<C> {
  return {
    context: undefined,
    name: undefined,
    value: undefined,
    child: undefined,
    sameName: undefined,
    otherNames: undefined,
  };
}

/** Where the tag `name` = `value` leads from `step`, if anywhere. */
function next<C>(step: Step<C>, name: string, value: string): Step<C> | undefined {
  if (step.name !== name) return step.otherNames?.get(name)?.get(value);
  const values = step.sameName;
  if (values !== undefined) return values.get(value);
  return step.value === value ? step.child : undefined;
}

/** Where the tag `name` = `value` leads from `step`, made if missing. */
function nextOrNew<C>(step: Step<C>, name: string, value: string): Step<C> {
  if (step.child === undefined) {
    step.name = name;
    step.value = value;
    step.child = newStep();
    return step.child;
  }
  let values: Map<string, Step<C>> | undefined;
  if (step.name === name) {
    if (step.value === value) return step.child;
    values = step.sameName ??= new Map([[step.value as string, step.child]]);
  } else {
    step.otherNames ??= new Map();
    values = step.otherNames.get(name);
    if (values === undefined) {
      values = new Map();
      step.otherNames.set(name, values);
    }
  }
  let child = values.get(value);
  if (child === undefined) {
    child = newStep();
    values.set(value, child);
  }
  return child;
}

/**
 * The contexts of one metric kind in one window, found by key + tags.
 *
 * The hot path walks a trie keyed by the key, then each tag name and value in the order the
 * caller's object lists them: only `Map.get` and string comparisons on strings the caller already
 * holds, so a repeated context costs no allocation and no string building (building a signature
 * string per call was most of a call's cost). Every context is also reachable along its tags in
 * sorted name order, the canonical path: a miss in the caller's order looks there, so the same
 * tags in another order find the same context, and that order is added to the trie as well.
 */
export class ContextStore<C extends Context> {
  private readonly roots = new Map<string, Step<C>>();
  /** Every context in creation order, so draining needs no map iteration. */
  readonly contexts: C[] = [];
  // What the last missed `find` looked for, so `addFound` need not work it out again.
  private missedKey = "";
  private missedTags: Tags = {};
  private missedNames: string[] = [];
  private missedSorted = true;

  /** The context of `key` + `tags`, or `undefined`. A miss may be followed by `addFound`. */
  find(key: string, tags: Tags): C | undefined {
    let step = this.roots.get(key);
    for (const name in tags) {
      if (step === undefined) break;
      step = next(step, name, tags[name] as string);
    }
    // The miss path is a method of its own, so that this one stays small enough for V8 to inline.
    return step?.context ?? this.findMissed(key, tags);
  }

  /** `find` when the tags in the caller's order lead nowhere: the canonical order may. */
  private findMissed(key: string, tags: Tags): C | undefined {
    const names: string[] = [];
    let sorted = true;
    for (const name in tags) {
      if (names.length > 0 && name < names[names.length - 1]!) sorted = false;
      names.push(name);
    }
    if (!sorted) {
      const canonical = [...names].sort();
      const existing = this.walk(key, canonical, tags);
      if (existing !== undefined) {
        this.attach(key, names, tags, existing);
        return existing;
      }
    }
    this.missedKey = key;
    this.missedTags = tags;
    this.missedNames = names;
    this.missedSorted = sorted;
    return undefined;
  }

  /** Adds a context for the key + tags of the immediately preceding `find`. */
  addFound(context: C): void {
    const { missedKey: key, missedTags: tags, missedNames: names } = this;
    if (!this.missedSorted) this.attach(key, names, tags, context);
    this.attach(key, this.missedSorted ? names : [...names].sort(), tags, context);
    this.missedTags = {};
    this.missedNames = [];
    this.contexts.push(context);
  }

  /** The context at the end of the path `key`, then `names` in this order, if there is one. */
  private walk(key: string, names: readonly string[], tags: Tags): C | undefined {
    let step = this.roots.get(key);
    for (const name of names) {
      if (step === undefined) return undefined;
      step = next(step, name, tags[name] as string);
    }
    return step?.context;
  }

  /** Makes the trie path of `key`, then `names` in this order, lead to `context`. */
  private attach(key: string, names: readonly string[], tags: Tags, context: C): void {
    let step = this.roots.get(key);
    if (step === undefined) {
      step = newStep();
      this.roots.set(key, step);
    }
    for (const name of names) step = nextOrNew(step, name, tags[name] as string);
    step.context = context;
  }
}
