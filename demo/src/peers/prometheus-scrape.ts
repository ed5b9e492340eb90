/**
 * What Prometheus would see: the demo scrapes the backend's own `/metrics` server (`listen()`)
 * over HTTP once a second and decodes the text exposition format. Written here because the
 * package's strict parser lives in its tests, which are not importable. Each family's `# HELP`
 * names the @metrics key it came from (`@metrics key "demo.http.requests"`), which maps the
 * Prometheus names (`demo_http_requests_total`) back to the demo's.
 */
import { Received, type TagMap } from "../received.js";
import type { Peer } from "./peer.js";

const HELP = /^# HELP (\S+) @metrics key "([^"]*)"/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseLabels(text: string | undefined): TagMap {
  const labels: TagMap = {};
  for (const [, name = "", value = ""] of (text ?? "").matchAll(LABEL)) {
    labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

/** One scrape as counters, gauges and histograms (count and sum) under the @metrics keys. */
interface Scrape {
  counters: [string, TagMap, number][];
  gauges: [string, TagMap, number][];
  histograms: Map<string, { key: string; tags: TagMap; count: number; sum: number }>;
  samples: number;
}

function decodeScrape(text: string): Scrape {
  const keys = new Map<string, string>();
  const types = new Map<string, string>();
  const scrape: Scrape = { counters: [], gauges: [], histograms: new Map(), samples: 0 };
  for (const line of text.split("\n")) {
    const help = HELP.exec(line);
    if (help !== null) keys.set(help[1] ?? "", help[2] ?? "");
    if (line.startsWith("# TYPE ")) {
      const [family = "", type = ""] = line.slice(7).split(" ");
      types.set(family, type);
    }
    const sample = SAMPLE.exec(line);
    if (line.startsWith("#") || sample === null) continue;
    const [, name = "", labelText, valueText = ""] = sample;
    const family = [name, name.replace(/_(bucket|sum|count)$/, "")].find((n) => keys.has(n));
    if (family === undefined) continue; // prom-client's own, or not the demo's
    const key = keys.get(family) ?? "";
    const tags = parseLabels(labelText);
    const value = Number(valueText);
    scrape.samples++;
    const type = types.get(family);
    if (type === "counter") scrape.counters.push([key, tags, value]);
    else if (type === "gauge") scrape.gauges.push([key, tags, value]);
    else if (type === "histogram" && !name.endsWith("_bucket")) {
      const id = `${family}${labelText ?? ""}`;
      const histogram = scrape.histograms.get(id) ?? { key, tags, count: 0, sum: 0 };
      if (name.endsWith("_count")) histogram.count = value;
      else histogram.sum = value;
      scrape.histograms.set(id, histogram);
    }
  }
  return scrape;
}

/**
 * A scraper of the backend's `/metrics`: counters and histograms as of the last scrape, every
 * gauge value scraped (a set's gauge is the unique members of one window).
 *
 * @example
 * const peer = startPrometheusScrape();
 * const { url } = await backend.listen({ port: 0, host: "127.0.0.1" });
 * if (peer.address.kind === "scrape") peer.address.target(url);
 */
export function startPrometheusScrape(): Peer {
  let url: string | undefined;
  let received = new Received("s");
  const gaugeHistory: [string, TagMap, number][] = [];
  let activity: string[] = [];

  async function poll(): Promise<void> {
    if (url === undefined) return;
    const response = await fetch(url);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    const scrape = decodeScrape(text);
    // Counters and histograms are running totals: the last scrape is what Prometheus has.
    const next = new Received("s");
    for (const [key, tags, value] of scrape.counters) next.counter(key, tags, value);
    for (const { key, tags, count, sum } of scrape.histograms.values()) {
      next.aggregate(key, tags, count, sum);
    }
    gaugeHistory.push(...scrape.gauges);
    for (const [key, tags, value] of gaugeHistory) next.gauge(key, tags, value);
    received = next;
    const size = `${(text.length / 1024).toFixed(1)} kB`;
    activity.push(`GET /metrics (${size}): ${scrape.samples} samples`);
  }

  return {
    get description() {
      return `GET ${url ?? "(not listening yet)"} once a second`;
    },
    address: {
      kind: "scrape",
      target(metricsUrl) {
        url = metricsUrl;
      },
    },
    get received() {
      return received;
    },
    poll,
    activity() {
      const lines = activity;
      activity = [];
      return lines;
    },
    // The last scrape happened before close(), which stops the backend's server.
    stop: () => Promise.resolve(),
  };
}
