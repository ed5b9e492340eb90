/**
 * A real Etsy StatsD daemon (npm `statsd` 0.9.0) as a child process on free loopback ports,
 * flushing every second. A small backend loaded into the daemon appends each flush (counters,
 * gauges, timer values, set members, as the daemon aggregated them) to a file as one JSON line;
 * the demo reads the new lines. StatsD also accepts DogStatsD's `|#k:v` tags, so the DogStatsD
 * transport is shown against it too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Received, type TagMap } from "../received.js";
import type { Peer } from "./peer.js";

const require = createRequire(import.meta.url);
const FLUSH_INTERVAL_MS = 1000;

/** Loaded by the daemon: writes every flush (the final one, at exit, included) as a JSON line. */
const CAPTURE_BACKEND = `
const fs = require("fs");
exports.init = function (startup, config, events) {
  events.on("flush", function (timestamp, metrics) {
    const sets = {};
    for (const key in metrics.sets) sets[key] = metrics.sets[key].values();
    fs.appendFileSync(config.captureFile, JSON.stringify({
      counters: metrics.counters,
      gauges: metrics.gauges,
      timers: metrics.timers,
      sets: sets,
    }) + "\\n");
  });
  return true;
};
`;

/** `util.log` was removed in Node 23 and StatsD 0.9 still logs through it: put it back. */
const UTIL_LOG_SHIM = `
const util = require("util");
if (typeof util.log !== "function") {
  util.log = (message) => console.log(new Date().toISOString() + " - " + message);
}
`;

interface Flush {
  counters: Record<string, number>;
  gauges: Record<string, number>;
  timers: Record<string, number[]>;
  sets: Record<string, string[]>;
}

async function freePort(kind: "udp" | "tcp"): Promise<number> {
  if (kind === "udp") {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One command on the daemon's TCP admin port (`health`, `stats`, `counters`, ...). */
function admin(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.setTimeout(2000, () => socket.destroy(new Error(`statsd admin ${command}: timeout`)));
    socket.on("error", reject);
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (text.endsWith("END\n\n") || (command === "health" && text.endsWith("\n"))) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on("connect", () => socket.write(`${command}\n`));
  });
}

/** StatsD turns `name|#k:v` into the Graphite-tagged key `name;k=v`. */
function parseKey(key: string): [string, TagMap] {
  const [name = "", ...pairs] = key.split(";");
  const tags: TagMap = {};
  for (const pair of pairs) {
    const [tag = "", value = ""] = pair.split("=");
    tags[tag] = value;
  }
  return [name, tags];
}

export async function startEtsyStatsd(): Promise<Peer> {
  const udpPort = await freePort("udp");
  const adminPort = await freePort("tcp");
  const dir = mkdtempSync(join(tmpdir(), "metrics-demo-statsd-"));
  const captureFile = join(dir, "flushes.jsonl");
  const backendPath = join(dir, "capture-backend.cjs");
  const shimPath = join(dir, "util-log-shim.cjs");
  const configPath = join(dir, "config.js");
  writeFileSync(backendPath, CAPTURE_BACKEND);
  writeFileSync(shimPath, UTIL_LOG_SHIM);
  writeFileSync(captureFile, "");
  writeFileSync(
    configPath,
    JSON.stringify({
      servers: [{ server: "./servers/udp", address: "127.0.0.1", port: udpPort }],
      mgmt_address: "127.0.0.1",
      mgmt_port: adminPort,
      flushInterval: FLUSH_INTERVAL_MS,
      percentThreshold: [50, 90],
      backends: [backendPath],
      captureFile,
      automaticConfigReload: false,
    }),
  );

  const child: ChildProcess = spawn(
    process.execPath,
    ["--require", shimPath, require.resolve("statsd/stats.js"), configPath],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never leave the daemon behind, whatever way the demo ends.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || attempt === 200) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the StatsD daemon did not start:\n${output}`);
    }
    if (await admin(adminPort, "health").catch(() => "")) break;
    await sleep(25);
  }

  const received = new Received();
  let readLines = 0;
  let activity: string[] = [];

  function poll(): Promise<void> {
    const lines = readFileSync(captureFile, "utf8").split("\n").slice(0, -1);
    for (const line of lines.slice(readLines)) {
      const flush = JSON.parse(line) as Flush;
      let values = 0;
      let contexts = 0;
      for (const [key, sum] of Object.entries(flush.counters)) {
        if (key.startsWith("statsd.") || sum === 0) continue; // the daemon's own counters
        received.counter(...parseKey(key), sum);
        contexts++;
      }
      for (const [key, value] of Object.entries(flush.gauges)) {
        if (!key.startsWith("statsd.")) received.gauge(...parseKey(key), value);
      }
      for (const [key, ms] of Object.entries(flush.timers)) {
        if (ms.length > 0) received.timing(...parseKey(key), ms);
        values += ms.length;
      }
      for (const [key, members] of Object.entries(flush.sets)) {
        for (const member of members) received.member(...parseKey(key), member);
      }
      if (contexts > 0 || values > 0) {
        activity.push(`statsd: ${contexts} counters, ${values} timings`);
      }
    }
    readLines = lines.length;
    return Promise.resolve();
  }

  return {
    description: `Etsy StatsD 0.9.0 at udp://127.0.0.1:${udpPort} (${FLUSH_INTERVAL_MS / 1000} s flushes)`,
    address: { kind: "udp", host: "127.0.0.1", port: udpPort },
    received,
    poll,
    activity() {
      const lines = activity;
      activity = [];
      return lines;
    },
    async stop() {
      // The last datagrams are in the daemon's receive buffer by now (close() waited for the
      // sends); two admin round trips let its event loop read them. SIGTERM then makes the
      // daemon run its final flush, which the capture backend writes before the process exits.
      await sleep(50);
      await admin(adminPort, "health");
      await admin(adminPort, "health");
      child.kill("SIGTERM");
      await exited;
      process.removeListener("exit", killOnExit);
      await poll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
