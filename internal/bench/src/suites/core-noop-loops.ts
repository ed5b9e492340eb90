import { metrics } from "@metrics/core";
import { metrics as otelMetrics } from "@opentelemetry/api";
import { otelCounter as importedOtelCounter } from "./core-noop-otel-counter.js";

// The no-op comparison's loops, in an ES module that imports `metrics` as applications do.
// One hand-written loop per contender: each call site gets its own type feedback, so V8 treats
// each contender exactly as it would in application code (including inlining, when it chooses
// to). Each loop builds the arguments on every call, as callers write them, and returns a value
// derived from the loop so the loop itself cannot be dropped. core-noop-loops-cjs.cts repeats
// these loops for CommonJS callers: one loop taking the call as a function would make that call
// site see every contender (megamorphic), and change what is measured.

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

/**
 * The same counter as `otelNoopAdd`'s, reached through an import binding (as `metrics` is)
 * instead of a `const` of this module: what that access costs, apart from our code.
 */
export function otelNoopAddImported(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    importedOtelCounter.add(1, { a: "b" });
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
