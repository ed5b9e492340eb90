import type { TagInput, Tags } from "./backend.js";
import { EMPTY_TAGS, state } from "./global-state.js";
import { reportNotAFunction } from "./report.js";
import { mergeTags } from "./tags.js";

/**
 * Runs `fn` with `tags` added to every metric emitted inside it, across `await`s (async
 * context). Inner scopes override outer ones; a call's own tags override both.
 */
export function withTags<T>(tags: TagInput, fn: () => T): T {
  const parent = currentScope();
  if (typeof fn !== "function") {
    reportNotAFunction("withTags", "withTags", fn);
    return undefined as T;
  }
  state.scopesUsed = true;
  return state.scope.run(mergeTags(parent, tags, "withTags"), fn);
}

/** The tags of the `withTags` scopes around the caller, if any. */
export function currentScope(): Tags | undefined {
  return state.scopesUsed ? state.scope.getStore() : undefined;
}

/** Adds process-wide tags (the lowest precedence); later calls override earlier ones. */
export function addGlobalTags(tags: TagInput): void {
  const base = state.globalTags === EMPTY_TAGS ? undefined : state.globalTags;
  state.globalTags = mergeTags(base, tags, "addGlobalTags");
}
