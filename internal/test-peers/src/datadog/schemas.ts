/**
 * JSON schemas of the two request bodies, written from Datadog's API reference
 * (datadog-api-client `.generator/schemas/v{1,2}/openapi.yaml`: `MetricPayload`,
 * `DistributionPointsPayload`) plus the documented limits the OpenAPI file leaves to prose:
 * names and tags at most 200 characters. Unknown properties are refused, so a typo in a field
 * name fails the test instead of being silently ignored by the intake.
 */

const TAGS = {
  type: "array",
  items: { type: "string", minLength: 1, maxLength: 200 },
} as const;

const METRIC_NAME = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[A-Za-z][A-Za-z0-9_.]*$",
} as const;

/** `POST /api/v2/series`: `MetricPayload`. */
export const SERIES_SCHEMA = {
  type: "object",
  required: ["series"],
  additionalProperties: false,
  properties: {
    series: {
      type: "array",
      items: {
        type: "object",
        required: ["metric", "points"],
        additionalProperties: false,
        properties: {
          metric: METRIC_NAME,
          // MetricIntakeType: 0 unspecified, 1 count, 2 rate, 3 gauge.
          type: { type: "integer", enum: [0, 1, 2, 3] },
          interval: { type: "integer", minimum: 1 },
          points: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["timestamp", "value"],
              additionalProperties: false,
              properties: {
                timestamp: { type: "integer" },
                value: { type: "number" },
              },
            },
          },
          resources: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              properties: { name: { type: "string" }, type: { type: "string" } },
            },
          },
          source_type_name: { type: "string" },
          tags: TAGS,
          unit: { type: "string" },
          metadata: { type: "object" },
        },
      },
    },
  },
} as const;

/** `POST /api/v1/distribution_points`: `DistributionPointsPayload`. */
export const DISTRIBUTION_SCHEMA = {
  type: "object",
  required: ["series"],
  additionalProperties: false,
  properties: {
    series: {
      type: "array",
      items: {
        type: "object",
        required: ["metric", "points"],
        additionalProperties: false,
        properties: {
          host: { type: "string" },
          metric: METRIC_NAME,
          // DistributionPoint: a [timestamp, values] pair.
          points: {
            type: "array",
            minItems: 1,
            items: {
              type: "array",
              minItems: 2,
              items: [
                { type: "number" },
                { type: "array", minItems: 1, items: { type: "number" } },
              ],
              additionalItems: false,
            },
          },
          tags: TAGS,
          type: { type: "string", enum: ["distribution"] },
        },
      },
    },
  },
} as const;

/** `POST /api/v1/events`: `EventCreateRequest` (title at most 100 characters, text 4000). */
export const EVENT_SCHEMA = {
  type: "object",
  required: ["title", "text"],
  additionalProperties: false,
  properties: {
    title: { type: "string", minLength: 1, maxLength: 100 },
    text: { type: "string", maxLength: 4000 },
    tags: TAGS,
    alert_type: { type: "string", enum: ["error", "warning", "info", "success"] },
    aggregation_key: { type: "string", maxLength: 100 },
    source_type_name: { type: "string" },
    priority: { type: "string", enum: ["normal", "low"] },
    date_happened: { type: "integer" },
    host: { type: "string" },
  },
} as const;

/**
 * `POST /api/v1/series` (`MetricsPayload`), only as loose as the benchmark peer datadog-metrics
 * needs: points as `[timestamp, value]` pairs.
 */
export const V1_SERIES_SCHEMA = {
  type: "object",
  required: ["series"],
  properties: {
    series: {
      type: "array",
      items: {
        type: "object",
        required: ["metric", "points"],
        properties: {
          metric: { type: "string", minLength: 1, maxLength: 200 },
          points: {
            type: "array",
            items: {
              type: "array",
              minItems: 2,
              items: [{ type: "number" }, { type: "number" }],
              additionalItems: false,
            },
          },
          type: { type: "string" },
          tags: TAGS,
          host: { type: "string" },
          interval: { type: ["integer", "null"] },
        },
      },
    },
  },
} as const;
