import type { ReceivedMetric } from "@metrics/conformance";
import { tagsFromPairs } from "@metrics/conformance";
import type { Attributes } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";

/** The real OpenTelemetry SDK with an in-memory exporter, delta temporality, export on flush. */
export function startInMemorySdk() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  const reader = new PeriodicExportingMetricReader({
    exporter,
    // Exports happen on forceFlush; the period only has to be longer than a test.
    exportIntervalMillis: 600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    exporter,
    /** Every data point exported so far, as the conformance kit reads metrics. */
    received: (): ReceivedMetric[] => decode(exporter.getMetrics()),
    shutdown: () => meterProvider.shutdown(),
  };
}

function tagsOf(attributes: Attributes): Record<string, string> {
  return tagsFromPairs(Object.entries(attributes).map(([name, value]) => [name, String(value)]));
}

/** Exported data points as the kit's metrics: sums as counters, histograms as summaries. */
export function decode(exports: ResourceMetrics[]): ReceivedMetric[] {
  const received: ReceivedMetric[] = [];
  for (const resource of exports) {
    for (const scope of resource.scopeMetrics) {
      for (const metric of scope.metrics) {
        const key = metric.descriptor.name;
        for (const point of metric.dataPoints) {
          const tags = tagsOf(point.attributes);
          if (metric.dataPointType === DataPointType.SUM) {
            received.push({
              type: "counter",
              key,
              value: point.value as number,
              tags,
              sampleRate: 1,
            });
          } else if (metric.dataPointType === DataPointType.GAUGE) {
            received.push({
              type: "gauge",
              key,
              value: point.value as number,
              tags,
              sampleRate: 1,
            });
          } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
            const histogram = point.value as {
              count: number;
              sum?: number;
              min?: number;
              max?: number;
            };
            received.push({
              type: "distribution",
              key,
              value: histogram.sum ?? Number.NaN,
              count: histogram.count,
              min: histogram.min,
              max: histogram.max,
              tags,
              sampleRate: 1,
            });
          }
        }
      }
    }
  }
  return received;
}
