import type { TagValue } from "./backend.js";
import { state } from "./global-state.js";
import type { EmitOptions } from "./options.js";
import { reportNotAFunction } from "./report.js";
import { mutableTags, Timer } from "./timer.js";

/** Tags the outcome and stops; `result` overrides a caller's tag of that name (Sentry's rule). */
function finish(timer: Timer, result: "success" | "failure"): void {
  timer.tags.result = result;
  timer.stop();
}

/**
 * Runs `fn(tags)` and emits its duration as a timing tagged `result: success | failure`. An async
 * `fn` is timed until its promise settles. Returns exactly what `fn` returned (the same promise)
 * and rethrows exactly what it threw.
 */
export function time<T>(
  key: string,
  fn: (tags: Record<string, TagValue>) => T,
  options?: EmitOptions,
): T {
  if (typeof fn !== "function") {
    reportNotAFunction("time", key, fn);
    return undefined as T;
  }
  // Nothing to send it to: run `fn` untimed (a backend configured while it runs misses this one).
  if (state.backend === state.noop) return fn(mutableTags(options));
  const timer = new Timer(key, options);
  let result: T;
  try {
    result = fn(timer.tags);
  } catch (error) {
    finish(timer, "failure");
    throw error;
  }
  if (typeof (result as PromiseLike<unknown> | undefined)?.then !== "function") {
    finish(timer, "success");
    return result;
  }
  // Promise.resolve adopts any thenable without calling its `then` synchronously, so even a
  // broken thenable cannot make this call throw.
  Promise.resolve(result).then(
    () => finish(timer, "success"),
    () => finish(timer, "failure"),
  );
  return result;
}

type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * Returns a wrapper that times every call of a function as {@link time} does. Also a TypeScript 5
 * method decorator: `@wraps("db.query") query() {}`.
 */
export function wraps(
  key: string,
  options?: EmitOptions,
): <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext) => F {
  // Wrapping a non-function does not throw; calling the wrapper throws as calling it would.
  return <F extends AnyFunction>(fn: F): F =>
    function (this: unknown, ...args: unknown[]) {
      return time(key, () => fn.apply(this, args), options);
    } as F;
}
