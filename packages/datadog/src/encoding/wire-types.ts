/**
 * Request bodies as plain objects. Their property names are those of the client's models
 * (`MetricSeries`, `DistributionPointsSeries`), which for the fields we use are also the wire
 * names, so `JSON.stringify` of an item measures exactly what the client will send.
 */

/** `MetricIntakeType` of the v2 series API. */
export const COUNT = 1;
export const GAUGE = 3;

export interface SeriesItem {
  metric: string;
  type: typeof COUNT | typeof GAUGE;
  points: [{ timestamp: number; value: number }];
  /** Seconds the count covers (counts only). */
  interval?: number;
  unit?: string;
  resources?: { name: string; type: "host" }[];
  tags?: string[];
}

export interface DistributionItem {
  metric: string;
  /** One `[timestamp, values]` pair. */
  points: [[number, number[]]];
  host?: string;
  tags?: string[];
  type: "distribution";
}

export type PayloadKind = "series" | "distribution";

export type ItemOf<K extends PayloadKind> = K extends "series" ? SeriesItem : DistributionItem;
