import type { TagInput, Tags } from "../backend.js";
import { inheritableTags } from "../pipeline/tag-templates.js";
import { copyTags, frozenTags, mergeTags } from "../pipeline/tags.js";
import { reportNotAFunction } from "../report.js";
import { EMPTY_TAGS, state } from "../slot/global-state.js";

/**
 * The global tags and a scope's tags merged, kept on the scope's tags object (under a symbol,
 * which `for...in` skips) for the global tags it was merged with: computed once per scope and
 * `addGlobalTags`, not per call. Keyed by `Symbol.for` so every copy of core finds it.
 */
interface Inherited {
  base: Tags;
  merged: Tags;
}
const INHERITED = Symbol.for("@metrics/core:inherited");
type ScopeTags = Tags & { readonly [INHERITED]?: Inherited };

/**
 * Runs `fn` with `tags` added to every metric emitted inside it, across `await`s (async
 * context). Inner scopes override outer ones; a call's own tags override both. Tags that cannot
 * be read (a throwing getter) are dropped and reported; `fn` still runs.
 *
 * @example
 * ```ts
 * await withTags({ route: "/users/:id" }, async () => {
 *   await loadUser(); // every metric emitted in here carries route:/users/:id
 * });
 * ```
 */
export function withTags<T>(tags: TagInput, fn: () => T): T {
  const parent = currentScope();
  if (typeof fn !== "function") {
    reportNotAFunction("withTags", "withTags", fn);
    return undefined as T;
  }
  const merged = mergeTags(parent, tags, "withTags");
  if (merged === undefined) return fn();
  state.scopesUsed = true;
  return state.scope.run(scopeTags(merged), fn);
}

/** Frozen tags with a place for their merge with the global tags. */
function scopeTags(tags: Record<string, string>): Tags {
  const cell: Inherited = { base: EMPTY_TAGS, merged: tags };
  Object.defineProperty(tags, INHERITED, { value: cell });
  return inheritableTags(tags);
}

/** The tags of the `withTags` scopes around the caller, if any. */
export function currentScope(): Tags | undefined {
  return state.scopesUsed ? state.scope.getStore() : undefined;
}

/**
 * The global tags under a scope's tags (`scope` wins), merged once per scope and global tags.
 * A scope made by an older copy of core has no cell: merged per call, as that copy did.
 */
export function inheritedTags(scope: Tags): Tags {
  const globalTags = state.globalTags;
  if (globalTags === EMPTY_TAGS) return scope;
  const cell = (scope as ScopeTags)[INHERITED];
  if (cell === undefined) return copyTags(copyTags({}, globalTags), scope);
  if (cell.base !== globalTags) {
    cell.merged = inheritableTags(copyTags(copyTags({}, globalTags), scope));
    cell.base = globalTags;
  }
  return cell.merged;
}

/**
 * Adds process-wide tags (the lowest precedence); later calls override earlier ones. Tags that
 * cannot be read are dropped and reported.
 *
 * @example
 * ```ts
 * addGlobalTags({ region: process.env.REGION, version: "1.4.2" });
 * ```
 */
export function addGlobalTags(tags: TagInput): void {
  const base = state.globalTags === EMPTY_TAGS ? undefined : state.globalTags;
  const merged = mergeTags(base, tags, "addGlobalTags");
  if (merged !== undefined) state.globalTags = frozenTags(merged);
}
