/**
 * A real Prometheus server (the binary on PATH, e.g. Debian's `prometheus` package) on a free
 * loopback port, with a generated config that scrapes the backend's `listen()` endpoint every
 * 0.5 s and its storage in a temporary directory. The demo reads back what Prometheus stored
 * through its HTTP API: `/api/v1/metadata` for each family's help (the @metrics key) and type,
 * and every sample of the run with the range query `{job="demo"}[1h]`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeTcpPort } from "@metrics/test-peers";
import type { Peer } from "./peer.js";
import { type Family, keyOfHelp, receivedFrom, type Series } from "./prometheus-series.js";

const SCRAPE_INTERVAL_MS = 500;

/**
 * The `prometheus` binary on PATH, or `undefined`.
 *
 * @example
 * findPrometheus(); // "/usr/bin/prometheus"
 */
export function findPrometheus(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      accessSync(join(dir, "prometheus"), constants.X_OK);
      return join(dir, "prometheus");
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

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
  const dir = mkdtempSync(join(tmpdir(), "metrics-demo-prometheus-"));
  let child: ChildProcess | undefined;
  let base = "";
  let log = "";
  let families = new Map<string, Family>();
  let series: Series[] = [];
  let activity: string[] = [];
  const killOnExit = () => child?.kill("SIGKILL");

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`);
    if (!response.ok)
      throw new Error(`Prometheus ${path}: ${response.status} ${await response.text()}`);
    const answer = (await response.json()) as ApiAnswer<T>;
    if (answer.status !== "success")
      throw new Error(`Prometheus ${path}: ${JSON.stringify(answer)}`);
    return answer.data;
  }

  async function query<T>(expression: string): Promise<T[]> {
    const path = `/api/v1/query?query=${encodeURIComponent(expression)}`;
    return (await api<{ result: T[] }>(path)).result;
  }

  /** Waits until Prometheus has finished a scrape that started at `since` (ms) or later. */
  async function scrapedSince(since: number): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const result = await query<{ value: [number, string] }>('timestamp(up{job="demo"})');
      const scrapedAt = Number(result[0]?.value[1] ?? 0) * 1000;
      if (scrapedAt >= since) return;
      await sleep(100);
    }
    throw new Error(`Prometheus did not scrape the backend in time:\n${log}`);
  }

  return {
    get description() {
      return `Prometheus at ${base}, ${SCRAPE_INTERVAL_MS / 1000} s scrapes`;
    },
    address: {
      kind: "scrape",
      async target(metricsUrl) {
        const { host, pathname } = new URL(metricsUrl);
        const port = await freeTcpPort();
        base = `http://127.0.0.1:${port}`;
        const config = [
          "global:",
          `  scrape_interval: ${SCRAPE_INTERVAL_MS}ms`,
          `  scrape_timeout: ${SCRAPE_INTERVAL_MS - 100}ms`,
          "scrape_configs:",
          "  - job_name: demo",
          `    metrics_path: ${pathname}`,
          "    static_configs:",
          `      - targets: ["${host}"]`,
          "",
        ].join("\n");
        writeFileSync(join(dir, "prometheus.yml"), config);
        child = spawn(
          binary,
          [
            `--config.file=${join(dir, "prometheus.yml")}`,
            `--storage.tsdb.path=${join(dir, "data")}`,
            `--web.listen-address=127.0.0.1:${port}`,
            "--log.level=warn",
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        child.stderr?.on("data", (chunk: Buffer) => {
          log = (log + chunk.toString()).slice(-4000);
        });
        process.once("exit", killOnExit);
        for (let i = 0; ; i++) {
          if (child.exitCode !== null || i === 300) {
            throw new Error(`Prometheus did not start:\n${log}`);
          }
          if (
            await fetch(`${base}/-/ready`).then(
              (r) => r.ok,
              () => false,
            )
          )
            break;
          await sleep(100);
        }
        // Prometheus applies a new scrape config within 5 s: wait for its first scrape, so that
        // every set window of the traffic is seen.
        await scrapedSince(Date.now());
      },
    },
    get received() {
      return receivedFrom(families, series);
    },
    async poll() {
      if (child === undefined) return;
      await scrapedSince(Date.now());
      const metadata =
        await api<Record<string, { type: string; help: string }[]>>("/api/v1/metadata");
      families = new Map();
      for (const [name, [entry]] of Object.entries(metadata)) {
        const key = entry === undefined ? undefined : keyOfHelp(entry.help);
        if (key !== undefined) families.set(name, { key, type: entry?.type ?? "" });
      }
      type Stored = { metric: Record<string, string>; values: [number, string][] };
      const matrix = await query<Stored>('{job="demo"}[1h]');
      series = matrix.map(({ metric, values }) => {
        const { __name__: name = "", job: _job, instance: _instance, ...labels } = metric;
        return { name, labels, values: values.map(([, value]) => Number(value)) };
      });
      const samples = matrix.reduce((sum, { values }) => sum + values.length, 0);
      activity.push(`prometheus: ${matrix.length} series, ${samples} samples`);
    },
    activity() {
      const lines = activity;
      activity = [];
      return lines;
    },
    async stop() {
      if (child !== undefined && child.exitCode === null) {
        const exited = new Promise((resolve) => child?.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      process.removeListener("exit", killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
