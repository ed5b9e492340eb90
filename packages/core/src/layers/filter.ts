// Imported through the main entry, which the build keeps external: one copy of each class.
import type { EventOptions, MetricsBackend, Tags } from "../index.js";
import {
  checkBackend,
  checkPrefixes,
  forwardEvent,
  handlerOf,
  mistake,
  settleEach,
  startsWithAny,
} from "./wrapped-backends.js";

/** Options of {@link filter}. */
export interface FilterOptions {
  /** When given, only keys starting with one of these pass (as the backend receives them). */
  readonly allowPrefixes?: readonly string[];
  /** Keys starting with one of these are dropped. */
  readonly denyPrefixes?: readonly string[];
  /** Tags removed from every metric and event: names, or patterns such as `/_id$/`. */
  readonly denyTags?: readonly (string | RegExp)[];
}

/** Tag names remembered per filter; past it the memory starts afresh (names are few). */
const MAX_REMEMBERED_NAMES = 10_000;

/**
 * Drops metrics by key prefix (configuration, so without a report) and removes tags by name or
 * pattern from every metric and event (Micrometer's `MeterFilter`, Sentry's bad-tag filter).
 *
 * @example
 * ```ts
 * import { filter } from "@metrics/core/layers";
 * // Sentry's bad-tag filter: no tag ending in _id, except the ones allowed.
 * const backend = filter(statsd, { denyTags: [/^(?!(project_id|org_id)$).*_id$/] });
 * ```
 */
export function filter(backend: MetricsBackend, options: FilterOptions = {}): MetricsBackend {
  if (typeof options !== "object" || options === null) {
    throw mistake("filter", "options must be an object such as { denyTags }");
  }
  const { allowPrefixes, denyPrefixes, denyTags } = options;
  if (
    denyTags !== undefined &&
    (!Array.isArray(denyTags) ||
      !denyTags.every((name) => typeof name === "string" || name instanceof RegExp))
  ) {
    throw mistake("filter", "denyTags must be an array of tag names and RegExps");
  }
  return new FilterBackend(
    checkBackend("filter", "backend", backend),
    allowPrefixes === undefined
      ? undefined
      : checkPrefixes("filter", "allowPrefixes", allowPrefixes),
    checkPrefixes("filter", "denyPrefixes", denyPrefixes),
    denyTags ?? [],
  );
}

class FilterBackend implements MetricsBackend {
  readonly #backend: MetricsBackend;
  readonly #allow: readonly string[] | undefined;
  readonly #deny: readonly string[];
  readonly #denyTags: readonly (string | RegExp)[];
  /** Each tag name seen, and whether it is denied: a pattern is tested once per name. */
  readonly #denied = new Map<string, boolean>();
  /** The names, in order, of the last tags found to hold no denied tag. */
  #cleanNames: readonly string[] = [];
  readonly #onError = handlerOf(undefined);
  readonly #eventless = new WeakSet<MetricsBackend>();

  constructor(
    backend: MetricsBackend,
    allow: readonly string[] | undefined,
    deny: readonly string[],
    denyTags: readonly (string | RegExp)[],
  ) {
    this.#backend = backend;
    this.#allow = allow;
    this.#deny = deny;
    this.#denyTags = denyTags;
  }

  #passes(key: string): boolean {
    const allow = this.#allow;
    return (allow === undefined || startsWithAny(key, allow)) && !startsWithAny(key, this.#deny);
  }

  #isDenied(name: string): boolean {
    let denied = this.#denied.get(name);
    if (denied === undefined) {
      denied = this.#denyTags.some((rule) =>
        typeof rule === "string" ? rule === name : testOnce(rule, name),
      );
      if (this.#denied.size >= MAX_REMEMBERED_NAMES) this.#denied.clear();
      this.#denied.set(name, denied);
    }
    return denied;
  }

  /** `tags` itself when no tag is denied (no copy), else a copy without the denied ones. */
  #allowedTags(tags: Tags): Tags {
    if (this.#denyTags.length === 0) return tags;
    // Most calls repeat a list of names already found clean: compare names, look nothing up.
    const clean = this.#cleanNames;
    let i = 0;
    for (const name in tags) {
      if (name !== clean[i]) return this.#checkedTags(tags);
      i++;
    }
    return i === clean.length ? tags : this.#checkedTags(tags);
  }

  /** Tags whose names are not the last clean list: each name looked up, the list remembered. */
  #checkedTags(tags: Tags): Tags {
    const names: string[] = [];
    for (const name in tags) {
      if (this.#isDenied(name)) return this.#without(tags);
      names.push(name);
    }
    this.#cleanNames = names;
    return tags;
  }

  #without(tags: Tags): Tags {
    const kept: Record<string, string> = {};
    for (const name in tags) {
      if (!this.#isDenied(name))
        Object.defineProperty(kept, name, { value: tags[name], enumerable: true });
    }
    return kept;
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#passes(key))
      this.#backend.incr(key, amount, this.#allowedTags(tags), sampleRate, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#passes(key))
      this.#backend.gauge(key, value, this.#allowedTags(tags), sampleRate, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#passes(key)) {
      this.#backend.distribution(key, value, this.#allowedTags(tags), sampleRate, unit);
    }
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    if (this.#passes(key)) this.#backend.timing(key, seconds, this.#allowedTags(tags), sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, sampleRate: number): void {
    if (this.#passes(key)) this.#backend.set(key, member, this.#allowedTags(tags), sampleRate);
  }

  /** Events keep their title (not a key), losing only denied tags. */
  event(title: string, text: string, tags: Tags, options: EventOptions): void {
    const event = [title, text, this.#allowedTags(tags), options] as const;
    forwardEvent(this.#backend, this.#eventless, this.#onError, [...event]);
  }

  flush(): Promise<void> {
    return settleEach([this.#backend], "flush", this.#onError);
  }

  close(): Promise<void> {
    return settleEach([this.#backend], "close", this.#onError);
  }
}

/** `pattern.test(name)` from the start, whatever a global or sticky flag left in `lastIndex`. */
function testOnce(pattern: RegExp, name: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(name);
}
