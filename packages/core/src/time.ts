import type { TagValue } from "./backend.js";
import type { EmitOptions } from "./options.js";
import { reportOnce } from "./report.js";
import { Timer } from "./timer.js";

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

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
    reportOnce(
      "invalid_value",
      String(key),
      `time("${String(key)}") needs a function, got ${typeof fn}`,
    );
    return undefined as T;
  }
  const timer = new Timer(key, options);
  let result: T;
  try {
    result = fn(timer.tags);
  } catch (error) {
    finish(timer, "failure");
    throw error;
  }
  if (!isPromiseLike(result)) {
    finish(timer, "success");
    return result;
  }
  try {
    result.then(
      () => finish(timer, "success"),
      () => finish(timer, "failure"),
    );
  } catch (error) {
    // A thenable whose `then` throws: the caller still gets its value back untouched.
    reportOnce(
      "invalid_value",
      key,
      `time("${key}") got a thenable that could not be observed`,
      error,
    );
  }
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
  return <F extends AnyFunction>(fn: F): F => {
    if (typeof fn !== "function") {
      reportOnce(
        "invalid_value",
        String(key),
        `wraps("${String(key)}") needs a function, got ${typeof fn}`,
      );
      return fn;
    }
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return time(key, () => fn.apply(this, args), options);
    };
    Object.defineProperty(wrapped, "name", { value: fn.name });
    return wrapped as F;
  };
}
