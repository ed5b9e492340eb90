// The no-op comparison's loops for a CommonJS caller: tsx runs a `.cts` file as CommonJS, and
// `require` loads core's CommonJS build, whose `metrics` this module then holds in a `const`.
// The loops repeat core-noop-loops.ts on purpose (one call site per contender; see there).
const { metrics } = require("@metrics/core") as typeof import("@metrics/core");
const { metrics: otelMetrics } =
  require("@opentelemetry/api") as typeof import("@opentelemetry/api");

// The row is labelled CommonJS: fail rather than measure something else.
if (typeof module !== "object" || !require.resolve("@metrics/core").endsWith(".cjs")) {
  throw new Error("core-noop-loops-cjs.cts did not load as CommonJS with core's CommonJS build");
}

/** A plain function with the facade's signature that does nothing. */
function emptyFunction(_key: string, _options?: { tags?: Record<string, string> }): void {}

// No OpenTelemetry SDK is registered, so the API hands out its no-op counter.
const otelCounter = otelMetrics.getMeter("bench").createCounter("k");

export function incrOnNoop(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    metrics.incr("k", { tags: { a: "b" } });
    sum += i;
  }
  return sum;
}

export function emptyFunctionCall(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    emptyFunction("k", { tags: { a: "b" } });
    sum += i;
  }
  return sum;
}

/** OpenTelemetry's argument shape (one object, not two) on an empty function. */
function emptyAdd(_value: number, _attributes?: Record<string, string>): void {}

export function emptyFunctionOtelShape(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    emptyAdd(1, { a: "b" });
    sum += i;
  }
  return sum;
}

export function otelNoopAdd(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    otelCounter.add(1, { a: "b" });
    sum += i;
  }
  return sum;
}

/** The loop alone: what every row above includes besides the call. */
export function emptyLoop(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += i;
  }
  return sum;
}
