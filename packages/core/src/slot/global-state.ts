import { AsyncLocalStorage } from "node:async_hooks";
import type { MetricsBackend, Tags } from "../backend.js";
import { createNoopBackend } from "../backends/noop.js";
import type { ErrorHandler } from "../errors.js";
import { stderrErrorHandler } from "../stderr-error-handler.js";

declare const __CORE_VERSION__: string;

/** This copy's version, stamped at build time. */
const CORE_VERSION: string = __CORE_VERSION__;

/**
 * Everything the facade reads on each call. One object per major version per process, shared by
 * every copy of `@metrics/core` (ESM and CJS builds, nested installs).
 *
 * Compatibility rule: within a major version fields are only ever added, never renamed or
 * re-typed, so any minor version can use an object another minor created. A copy that finds an
 * older object fills in the fields it lacks; nothing requires the exact same version.
 */
export interface GlobalState {
  backend: MetricsBackend;
  /** The no-op backend every copy compares against, so the fast path works across copies. */
  readonly noop: MetricsBackend;
  /** Normalised prefix: `""` or ending in `.`. */
  prefix: string;
  sampleRate: number;
  globalTags: Tags;
  onError: ErrorHandler;
  /**
   * The tags object of every metric that has none. Shared, so that a second copy of core
   * recognises the first copy's empty tags and takes the same no-allocation path.
   */
  readonly emptyTags: Tags;
  /** Tags of the `withTags` scopes around the current async context, already merged. */
  scope: AsyncLocalStorage<Tags>;
  /** Whether any `withTags` ran: until then calls skip the async-context lookup. */
  scopesUsed: boolean;
  /** `code:key` pairs already reported, so each bad key is reported once. */
  reported: Set<string>;
  /** Backends already reported as lacking `event`: each is reported once. */
  readonly eventless: WeakSet<MetricsBackend>;
}

const major = CORE_VERSION.split(".")[0];
/** Keyed by major only: a new major may change the object's shape, a new minor may not. */
const GLOBAL_SLOT = Symbol.for(`@metrics/core:v${major}`);

function isEmptyFrozen(tags: Tags | undefined): tags is Tags {
  return tags !== undefined && Object.isFrozen(tags) && Object.keys(tags).length === 0;
}

function createOrUpgrade(existing: Partial<GlobalState> | undefined): GlobalState {
  const state = (existing ?? {}) as {
    -readonly [K in keyof GlobalState]?: GlobalState[K];
  };
  state.noop ??= createNoopBackend();
  // An older copy's empty global tags are its own empty object: adopt it as the shared one.
  state.emptyTags ??= isEmptyFrozen(state.globalTags) ? state.globalTags : Object.freeze({});
  state.backend ??= state.noop;
  state.prefix ??= "";
  state.sampleRate ??= 1;
  state.globalTags ??= state.emptyTags;
  state.onError ??= stderrErrorHandler;
  state.scope ??= new AsyncLocalStorage<Tags>();
  state.scopesUsed ??= false;
  state.reported ??= new Set();
  state.eventless ??= new WeakSet();
  return state as GlobalState;
}

const slotHolder = globalThis as unknown as Record<symbol, Partial<GlobalState> | undefined>;

/** The process-wide state, created by whichever copy of core loads first. */
export const state: GlobalState = createOrUpgrade(slotHolder[GLOBAL_SLOT]);
slotHolder[GLOBAL_SLOT] = state;

/** The tags object shared by every metric that has none, by every copy of core. */
export const EMPTY_TAGS: Tags = state.emptyTags;

/**
 * The no-op backend, one object for every copy of core: the default, and what `close()` leaves
 * in place. The facade recognises it by identity and returns before doing any work, so an
 * unconfigured library costs next to nothing.
 *
 * @example
 * ```ts
 * import { getBackend, noopBackend } from "@metrics/core";
 * if (getBackend() === noopBackend) console.log("metrics are not configured");
 * ```
 */
export const noopBackend: MetricsBackend = state.noop;
