import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The Prometheus binary on PATH (the Debian package `prometheus`), or `undefined`. */
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

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** One instant-query result of Prometheus's HTTP API. */
export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus server on a loopback port, with a generated config that scrapes `target`
 * (host:port) every `intervalMs`, and its storage in a temporary directory removed at `stop()`.
 */
export async function startPrometheus(binary: string, target: string, intervalMs = 500) {
  const dir = await mkdtemp(join(tmpdir(), "metrics-prometheus-"));
  const port = await freePort();
  const config = [
    "global:",
    `  scrape_interval: ${intervalMs}ms`,
    `  scrape_timeout: ${Math.max(100, intervalMs - 100)}ms`,
    "scrape_configs:",
    "  - job_name: metrics-test",
    "    metrics_path: /metrics",
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
    await rm(dir, { recursive: true, force: true });
  }

  try {
    await until(
      async () => (await fetch(`${base}/-/ready`)).ok,
      30_000,
      () => log,
    );
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

async function until(check: () => Promise<boolean>, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
