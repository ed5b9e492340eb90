import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the daemon flushed so far, summed over its flushes (see etsy-dump-backend.cjs). */
export interface EtsyState {
  flushes: number;
  counters: Record<string, number>;
  timers: Record<string, number[]>;
  timerCounts: Record<string, number>;
  gauges: Record<string, number>;
  sets: Record<string, string[]>;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

/**
 * The real Etsy StatsD daemon (npm `statsd`) as a child process on loopback ports picked here,
 * flushing every 100 ms into a backend that accumulates everything it flushed.
 */
export class EtsyStatsd {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    private readonly dumpPort: number,
  ) {}

  static async start(): Promise<EtsyStatsd> {
    const port = await freeUdpPort();
    const mgmtPort = await freeTcpPort();
    const dir = mkdtempSync(join(tmpdir(), "etsy-statsd-"));
    const backend = join(dirname(fileURLToPath(import.meta.url)), "etsy-dump-backend.cjs");
    const config = join(dir, "config.js");
    writeFileSync(
      config,
      `{ port: ${port}, address: "127.0.0.1", mgmt_port: ${mgmtPort}, mgmt_address: "127.0.0.1",
         flushInterval: 100, backends: [${JSON.stringify(backend)}], deleteIdleStats: true,
         title: false, automaticConfigReload: false }`,
    );
    const stats = createRequire(import.meta.url).resolve("statsd/stats.js");
    const child = spawn(process.execPath, [stats, config], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const dumpPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`statsd did not start:\n${output}`)), 10_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DUMP_PORT (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("exit", (code) => reject(new Error(`statsd exited (${code}):\n${output}`)));
    });
    return new EtsyStatsd(child, dir, port, dumpPort);
  }

  /** The accumulated state once a flush has happened after the last datagram arrived. */
  async state(): Promise<EtsyState> {
    const first = await this.read();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await this.read();
      // Two flushes after we asked: anything sent before the call has been flushed.
      if (next.flushes >= first.flushes + 2) return next;
    }
  }

  private read(): Promise<EtsyState> {
    return new Promise((resolve, reject) => {
      let body = "";
      const socket = createConnection(this.dumpPort, "127.0.0.1");
      socket.on("data", (chunk) => {
        body += chunk.toString();
      });
      socket.on("end", () => resolve(JSON.parse(body) as EtsyState));
      socket.on("error", reject);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGKILL");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
