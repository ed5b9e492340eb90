import type { TagValue } from "../backend.js";
import type { EmitOptions } from "../options.js";
import { reportNotAFunction, reportUnreadable } from "../report.js";
import { state } from "../slot/global-state.js";
import { mutableTags, Timer } from "./timer.js";

/** Tags the outcome and stops; `result` overrides a caller's tag of that name (Sentry's rule). */
function finish(timer: Timer, result: "success" | "failure"): void {
  timer.tags.result = result;
  timer.stop();
}

/** `fn`'s result's `then`, or `undefined` when it has none or reading it throws. */
function thenOf(result: unknown): unknown {
  try {
    return (result as PromiseLike<unknown> | null | undefined)?.then;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn(tags)` and emits its duration as a timing tagged `result: success | failure`. An async
 * `fn` is timed until its promise settles. Returns exactly what `fn` returned (the same promise)
 * and rethrows exactly what it threw; nothing else it does can throw.
 *
 * @example
 * ```ts
 * const user = await time("db.load_user", () => db.users.find(id), { tags: { table: "users" } });
 * ```
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
  if (state.backend === state.noop) return fn(untimedTags(key, options));
  const timer = new Timer(key, options);
  let result: T;
  try {
    result = fn(timer.tags);
  } catch (error) {
    finish(timer, "failure");
    throw error;
  }
  const then = thenOf(result);
  if (typeof then !== "function") {
    finish(timer, "success");
    return result;
  }
  const succeeded = () => finish(timer, "success");
  const failed = () => finish(timer, "failure");
  try {
    // The result's own `then`, at once: for a promise, `finish` then runs before the caller's
    // `await` resumes, so a test can read the timing right after awaiting.
    Reflect.apply(then, result, [succeeded, failed]);
  } catch {
    // A `then` that throws (or a promise whose `constructor` getter does): the promise's resolve
    // function adopts the thenable in a later job, turning any throw into a rejection.
    new Promise((resolve) => resolve(result)).then(succeeded, failed);
  }
  return result;
}

/** The tags `fn` gets on the no-op backend; options that cannot be read give it none. */
function untimedTags(key: string, options: EmitOptions | undefined): Record<string, TagValue> {
  try {
    return mutableTags(options);
  } catch (error) {
    reportUnreadable(key, "options", error);
    return {};
  }
}

type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * What {@link wraps} returns: called with a function it returns the timed function, of the same
 * type; it is also a method decorator, both standard (TypeScript 5, `context` given) and legacy
 * (`experimentalDecorators`, as NestJS, TypeORM and Angular use: `target, name, descriptor`).
 */
export interface Wrapper {
  <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): F;
  <F extends AnyFunction>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): TypedPropertyDescriptor<F>;
}

/**
 * Returns a wrapper that times every call of a function as {@link time} does, keeping its
 * parameter and return types. Also a method decorator, standard or legacy
 * (`experimentalDecorators`). Given something that is not a function, the wrapper reports it
 * and returns it unchanged.
 *
 * @example
 * ```ts
 * const loadUser = wraps("db.load_user")(async (id: string) => db.users.find(id));
 *
 * class Repo {
 *   @wraps("repo.save")
 *   async save(user: User) {}
 * }
 * ```
 */
export function wraps(key: string, options?: EmitOptions): Wrapper {
  const wrap = <F extends AnyFunction>(fn: F): F =>
    function (this: unknown, ...args: unknown[]) {
      return time(key, () => Reflect.apply(fn, this, args), options);
    } as F;
  return function wrapper(fn: unknown, ...rest: unknown[]): unknown {
    if (typeof fn === "function") return wrap(fn as AnyFunction);
    // A legacy decorator is called with (prototype, name, descriptor).
    if (rest.length === 2) return wrapMethod(key, rest[1], wrap);
    reportNotAFunction("wraps", key, fn);
    return fn;
  } as Wrapper;
}

/**
 * A legacy decorator's property descriptor with its method wrapped; anything else (a getter, a
 * descriptor that cannot be read) is reported and returned unchanged.
 */
function wrapMethod(
  key: string,
  descriptor: unknown,
  wrap: (fn: AnyFunction) => AnyFunction,
): unknown {
  let value: unknown;
  try {
    const { configurable, enumerable, writable } = descriptor as PropertyDescriptor;
    value = (descriptor as PropertyDescriptor).value;
    if (typeof value === "function")
      return { configurable, enumerable, writable, value: wrap(value as AnyFunction) };
  } catch {}
  reportNotAFunction("wraps", key, value);
  return descriptor;
}
