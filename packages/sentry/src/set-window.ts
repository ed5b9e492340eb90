import type { Tags } from "@metrics/core";

/** One set's members in the current window. */
export interface SetContext {
  readonly key: string;
  readonly tags: Tags;
  readonly members: Set<string>;
}

/**
 * Unique members per set (key and tags) for one window. Sentry has no set type, so the backend
 * counts members here and sends the count as a gauge when the window closes. `7` and `"7"` are
 * one member, as on a StatsD server.
 */
export class SetWindow {
  readonly #contexts = new Map<string, SetContext>();
  readonly #maxMembers: number;
  #members = 0;
  /** Members refused because the window held `maxMembers`, since the last `take()`. */
  #refused = 0;

  constructor(maxMembers: number) {
    this.#maxMembers = maxMembers;
  }

  /** Adds a member; returns false (and counts it) when the window is full. */
  add(key: string, member: string | number, tags: Tags): boolean {
    const id = contextId(key, tags);
    let context = this.#contexts.get(id);
    const text = String(member);
    if (context?.members.has(text)) return true;
    if (this.#members >= this.#maxMembers) {
      this.#refused += 1;
      return false;
    }
    if (context === undefined) {
      context = { key, tags: { ...tags }, members: new Set() };
      this.#contexts.set(id, context);
    }
    context.members.add(text);
    this.#members += 1;
    return true;
  }

  get isEmpty(): boolean {
    return this.#contexts.size === 0 && this.#refused === 0;
  }

  /** Ends the window: its sets, and how many members were refused in it. */
  take(): { contexts: SetContext[]; refused: number } {
    const taken = { contexts: [...this.#contexts.values()], refused: this.#refused };
    this.#contexts.clear();
    this.#members = 0;
    this.#refused = 0;
    return taken;
  }
}

/** Key and tags as one string; tag order does not matter, and no key or tag can forge another's. */
function contextId(key: string, tags: Tags): string {
  const names = Object.keys(tags);
  if (names.length === 0) return JSON.stringify([key]);
  names.sort();
  const parts: string[] = [key];
  for (const name of names) parts.push(name, tags[name]!);
  return JSON.stringify(parts);
}
