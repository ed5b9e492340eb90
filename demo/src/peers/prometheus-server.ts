/**
 * A real Prometheus server (`@metrics/test-peers/prometheus`: the binary on PATH, e.g. Debian's
 * `prometheus` package) that scrapes the backend's `listen()` endpoint every 0.5 s. The demo
 * reads back what Prometheus stored through its HTTP API: `/api/v1/metadata` for each family's
 * help (the @metrics key) and type, and every sample of the run with the range query
 * `{job="demo"}[1h]`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type PrometheusServer, startPrometheus } from "@metrics/test-peers/prometheus";
import { ActivityLog, type Peer } from "./peer.js";
import { type Family, keyOfHelp, receivedFrom, type Series } from "./prometheus-series.js";

const SCRAPE_INTERVAL_MS = 500;

interface ApiAnswer<T> {
  status: string;
  data: T;
}

/**
 * Starts Prometheus once the backend's URL is known (`address.target`); every `poll()` waits for
 * a scrape that began after it was called, then reads everything Prometheus stored.
 *
 * @example
 * const peer = startPrometheusServer("/usr/bin/prometheus");
 */
export function startPrometheusServer(binary: string): Peer {
  let server: PrometheusServer | undefined;
  let families = new Map<string, Family>();
  let series: Series[] = [];
  const activity = new ActivityLog();

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${server?.base}${path}`);
    if (!response.ok)
      throw new Error(`Prometheus ${path}: ${response.status} ${await response.text()}`);
    const answer = (await response.json()) as ApiAnswer<T>;
    if (answer.status !== "success")
      throw new Error(`Prometheus ${path}: ${JSON.stringify(answer)}`);
    return answer.data;
  }

  /** Waits until Prometheus has finished a scrape that started at `since` (ms) or later. */
  async function scrapedSince(prometheus: PrometheusServer, since: number): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const result = await prometheus.query('timestamp(up{job="demo"})');
      const scrapedAt = Number(result[0]?.value[1] ?? 0) * 1000;
      if (scrapedAt >= since) return;
      await sleep(100);
    }
    throw new Error(`Prometheus did not scrape the backend in time:\n${prometheus.log()}`);
  }

  return {
    get description() {
      return `Prometheus at ${server?.base ?? ""}, ${SCRAPE_INTERVAL_MS / 1000} s scrapes`;
    },
    address: {
      kind: "scrape",
      async target(metricsUrl) {
        const { host, pathname } = new URL(metricsUrl);
        server = await startPrometheus(binary, host, {
          intervalMs: SCRAPE_INTERVAL_MS,
          job: "demo",
          metricsPath: pathname,
        });
        // Prometheus applies a new scrape config within 5 s: wait for its first scrape, so that
        // every set window of the traffic is seen.
        await scrapedSince(server, Date.now());
      },
    },
    get received() {
      return receivedFrom(families, series);
    },
    async poll() {
      if (server === undefined) return;
      await scrapedSince(server, Date.now());
      const metadata =
        await api<Record<string, { type: string; help: string }[]>>("/api/v1/metadata");
      families = new Map();
      for (const [name, [entry]] of Object.entries(metadata)) {
        const key = entry === undefined ? undefined : keyOfHelp(entry.help);
        if (key !== undefined) families.set(name, { key, type: entry?.type ?? "" });
      }
      type Stored = { metric: Record<string, string>; values: [number, string][] };
      const path = `/api/v1/query?query=${encodeURIComponent('{job="demo"}[1h]')}`;
      const matrix = (await api<{ result: Stored[] }>(path)).result;
      series = matrix.map(({ metric, values }) => {
        const { __name__: name = "", job: _job, instance: _instance, ...labels } = metric;
        return { name, labels, values: values.map(([, value]) => Number(value)) };
      });
      const samples = matrix.reduce((sum, { values }) => sum + values.length, 0);
      activity.push(`prometheus: ${matrix.length} series, ${samples} samples`);
    },
    activity: () => activity.drain(),
    async stop() {
      await server?.stop();
    },
  };
}
