import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freeTcpPort } from "./etsy-daemon.js";

/**
 * The Prometheus binary on PATH (the Debian package `prometheus`), or `undefined`.
 *
 * @example
 * findPrometheus(); // "/usr/bin/prometheus"
 */
export function findPrometheus(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "prometheus");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** One instant-query result of Prometheus's HTTP API. */
export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

/** What {@link startPrometheus} scrapes, and how often. */
export interface ScrapeSettings {
  /** Scrape interval in ms. Default 500. */
  intervalMs?: number;
  /** The `job` label of every scraped series. Default `metrics-test`. */
  job?: string;
  /** Path of the target's metrics endpoint. Default `/metrics`. */
  metricsPath?: string;
}

/**
 * A real Prometheus server on a loopback port, with a generated config that scrapes `target`
 * (host:port), and its storage in a temporary directory removed at `stop()`. Killed if this
 * process exits first.
 *
 * @example
 * const prometheus = await startPrometheus(findPrometheus()!, "127.0.0.1:9464");
 * await prometheus.queryUntil("demo_requests_total", (result) => result.length > 0);
 * await prometheus.stop();
 */
export async function startPrometheus(
  binary: string,
  target: string,
  { intervalMs = 500, job = "metrics-test", metricsPath = "/metrics" }: ScrapeSettings = {},
) {
  const dir = await mkdtemp(join(tmpdir(), "metrics-prometheus-"));
  const port = await freeTcpPort();
  const config = [
    "global:",
    `  scrape_interval: ${intervalMs}ms`,
    `  scrape_timeout: ${Math.max(100, intervalMs - 100)}ms`,
    "scrape_configs:",
    `  - job_name: ${job}`,
    `    metrics_path: ${metricsPath}`,
    "    static_configs:",
    `      - targets: ["${target}"]`,
    "",
  ].join("\n");
  await writeFile(join(dir, "prometheus.yml"), config);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    process.removeListener("exit", killOnExit);
    await rm(dir, { recursive: true, force: true });
  }

  try {
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`${base}/-/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null)
        throw new Error(`Prometheus exited (${child.exitCode}):\n${log}`);
      if (Date.now() > deadline) throw new Error(`Prometheus not ready after 30 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    base,
    /** The log's last lines, for a failure's message. */
    log: () => log,
    /** An instant query through `/api/v1/query`. */
    async query(expression: string): Promise<QueryResult[]> {
      const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; data: { result: QueryResult[] } };
      if (body.status !== "success")
        throw new Error(`query ${expression}: ${JSON.stringify(body)}`);
      return body.data.result;
    },
    /** Queries until `accept` holds for the result (Prometheus scrapes on its own schedule). */
    async queryUntil(
      expression: string,
      accept: (result: QueryResult[]) => boolean,
      timeoutMs = 20_000,
    ): Promise<QueryResult[]> {
      let last: QueryResult[] = [];
      try {
        await until(
          async () => {
            last = await this.query(expression);
            return accept(last);
          },
          timeoutMs,
          () => `${expression} = ${JSON.stringify(last)}`,
        );
      } catch {
        // The caller asserts on what Prometheus last answered.
      }
      return last;
    },
    stop,
  };
}

/** A running {@link startPrometheus} server. */
export type PrometheusServer = Awaited<ReturnType<typeof startPrometheus>>;

async function until(check: () => Promise<boolean>, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not answering yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
