/**
 * Test harness: the real Etsy StatsD daemon (npm `statsd` 0.9.0) as a child process on free
 * loopback ports, with a one-hour flush interval so nothing is flushed (and reset) during a test.
 *
 * Live state is read from its TCP admin port: `counters`, `gauges`, `timers`, and `stats` (for
 * `bad_lines_seen`). StatsD 0.9 has no admin command for sets, so `stop()` ends the daemon with
 * SIGTERM, which makes it run its final flush; a small backend loaded into the daemon writes
 * that flush (sets, timer counts, …) to a file that `stop()` returns.
 *
 * Used by the tests of every transport that StatsD understands (`@metrics/statsd`,
 * `@metrics/dogstatsd`). Runs on Node 20 to 24: StatsD 0.9 logs through `util.log`, which Node 23
 * removed, so the daemon starts with a shim that puts it back.
 */
import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

export interface StatsdDaemonOptions {
  /** UDP port to listen on; default: a free one. Pick one with `freeUdpPort()` to start late. */
  udpPort?: number;
  /** Also listen for TCP (StatsD's `servers/tcp`), on this port or a free one. */
  tcp?: boolean | number;
}

/** What the daemon's final flush held (it runs when the daemon stops). */
export interface FinalFlush {
  counters: Record<string, number>;
  gauges: Record<string, number>;
  timers: Record<string, number[]>;
  /** Per timer: the number of values the server counted, scaled by sample rates. */
  timerCounters: Record<string, number>;
  /** Per set: its unique members. */
  sets: Record<string, string[]>;
}

export interface StatsdDaemon {
  readonly udpPort: number;
  readonly tcpPort: number | undefined;
  readonly adminPort: number;
  /** Live counters, the daemon's own `statsd.*` counters included. */
  counters(): Promise<Record<string, number>>;
  gauges(): Promise<Record<string, number>>;
  /** Live timer values (the admin port shows at most 100 per timer). */
  timers(): Promise<Record<string, number[]>>;
  /** `messages.bad_lines_seen` from the `stats` command. */
  badLines(): Promise<number>;
  /** Waits until the daemon has received `metrics` lines in total (its `metrics_received`). */
  waitForMetrics(metrics: number): Promise<void>;
  /** Waits until nothing new has arrived for `quietMs` (default 100). */
  settled(quietMs?: number): Promise<void>;
  /** Stops the daemon and returns its final flush (idempotent). */
  stop(): Promise<FinalFlush>;
}

const require = createRequire(import.meta.url);
const STATS_JS = require.resolve("statsd/stats.js");

/**
 * Preloaded into the daemon: `util.log` for Node 23 and later, and a UDP receive buffer of 4 MiB,
 * as operators give a StatsD server (the Datadog Agent asks for 8 MiB). The kernel's default
 * (~208 KiB) overflows when a test sends a whole window at once while the machine is busy, and
 * datagrams lost in the kernel are no transport's doing. Linux caps it at net.core.rmem_max.
 */
const DAEMON_PRELOAD = `
const util = require("util");
if (typeof util.log !== "function") {
  util.log = (message) => console.log(new Date().toISOString() + " - " + message);
}
const dgram = require("dgram");
const createSocket = dgram.createSocket;
dgram.createSocket = function (type, listener) {
  const options = typeof type === "string" ? { type: type } : Object.assign({}, type);
  if (options.recvBufferSize === undefined) options.recvBufferSize = 4 * 1024 * 1024;
  return createSocket.call(this, options, listener);
};
`;

/** A backend for the daemon: writes its flush to `config.captureFile`. */
const CAPTURE_BACKEND = `
const fs = require("fs");
exports.init = function (startup, config, events) {
  events.on("flush", function (timestamp, metrics) {
    const sets = {};
    for (const key in metrics.sets) sets[key] = metrics.sets[key].values();
    fs.writeFileSync(config.captureFile, JSON.stringify({
      counters: metrics.counters,
      gauges: metrics.gauges,
      timers: metrics.timers,
      timerCounters: metrics.timer_counters,
      sets: sets,
    }));
  });
  return true;
};
`;

export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startStatsdDaemon(options: StatsdDaemonOptions = {}): Promise<StatsdDaemon> {
  const udpPort = options.udpPort ?? (await freeUdpPort());
  const tcpPort =
    options.tcp === undefined || options.tcp === false
      ? undefined
      : typeof options.tcp === "number"
        ? options.tcp
        : await freeTcpPort();
  const adminPort = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), "statsd-daemon-"));
  const backendPath = join(dir, "capture-backend.cjs");
  const captureFile = join(dir, "final-flush.json");
  writeFileSync(backendPath, CAPTURE_BACKEND);
  const shimPath = join(dir, "daemon-preload.cjs");
  writeFileSync(shimPath, DAEMON_PRELOAD);
  const servers: object[] = [{ server: "./servers/udp", address: "127.0.0.1", port: udpPort }];
  if (tcpPort !== undefined) {
    servers.push({ server: "./servers/tcp", address: "127.0.0.1", port: tcpPort });
  }
  const config = {
    servers,
    mgmt_address: "127.0.0.1",
    mgmt_port: adminPort,
    flushInterval: 3_600_000,
    backends: [backendPath],
    captureFile,
    automaticConfigReload: false,
  };
  const configPath = join(dir, "config.js");
  writeFileSync(configPath, JSON.stringify(config));

  const child = spawn(process.execPath, ["--require", shimPath, STATS_JS, configPath], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  try {
    await waitForAdmin(adminPort, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let stopped: Promise<FinalFlush> | undefined;
  const admin = (command: string) => adminCommand(adminPort, command);
  const counters = async () => parseInspected(await admin("counters")) as Record<string, number>;

  return {
    udpPort,
    tcpPort,
    adminPort,
    counters,
    gauges: async () => parseInspected(await admin("gauges")) as Record<string, number>,
    timers: async () => parseInspected(await admin("timers")) as Record<string, number[]>,
    async badLines() {
      const match = /messages\.bad_lines_seen: (\d+)/.exec(await admin("stats"));
      if (match === null) throw new Error("no bad_lines_seen in the daemon's stats");
      return Number(match[1]);
    },
    async waitForMetrics(metrics) {
      for (let i = 0; i < 400; i++) {
        if (((await counters())["statsd.metrics_received"] ?? 0) >= metrics) return;
        await sleep(25);
      }
      throw new Error(`the daemon did not receive ${metrics} metrics; output:\n${output}`);
    },
    async settled(quietMs = 100) {
      let last = -1;
      for (let i = 0; i < 200; i++) {
        const received = (await counters())["statsd.metrics_received"] ?? 0;
        if (received === last) return;
        last = received;
        await sleep(quietMs);
      }
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) child.kill("SIGTERM");
        await exited;
        try {
          return JSON.parse(readFileSync(captureFile, "utf8")) as FinalFlush;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForAdmin(
  port: number,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`statsd exited early:\n${output()}`);
    try {
      if ((await adminCommand(port, "health")).includes("health: up")) return;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`statsd did not start:\n${output()}`);
}

/** Runs one admin command and returns its answer (up to `END`, or the `health` line). */
function adminCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.setTimeout(5000, () => socket.destroy(new Error(`admin ${command}: timeout`)));
    socket.on("error", reject);
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (/END\n\n$/.test(text) || (command === "health" && text.endsWith("\n"))) {
        socket.destroy();
        resolve(text.replace(/END\n\n$/, ""));
      }
    });
    socket.on("connect", () => socket.write(`${command}\n`));
  });
}

/** The admin port prints `util.inspect` of an object: evaluate it in an empty context. */
function parseInspected(text: string): unknown {
  return runInNewContext(`(${text.trim()})`, Object.create(null), { timeout: 1000 });
}
