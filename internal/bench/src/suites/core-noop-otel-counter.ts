import { metrics as otelMetrics } from "@opentelemetry/api";

// OpenTelemetry's no-op counter, created in a module of its own so that core-noop-loops.ts can
// only reach it through an import binding, as it reaches `metrics` from @metrics/core.
export const otelCounter = otelMetrics.getMeter("bench").createCounter("k");
