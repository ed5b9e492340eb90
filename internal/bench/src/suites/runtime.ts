// `@metrics/runtime`: the CPU time of one reading per interval (and of the event-loop delay
// monitor's ticks), and the time `instrumentHttp` adds to one HTTP request.
import diagnosticsChannel from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { configure, noopBackend } from "@metrics/core";
import { instrumentHttp, startRuntimeMetrics } from "@metrics/runtime";
import { collectGarbage, median, ReadingBackend, type SuiteReport } from "../harness.js";
import { Findings, formatNumber } from "../report.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WINDOW_MS = 3_000;
/** Each reading sees ~5 of the monitor's ticks (an empty interval skips the delay statistics). */
const READ_EVERY_MS = 50;
const RESOLUTION_MS = 10; // the monitor's default

/** ms of process CPU (robust to being descheduled) and of active event loop over the window. */
async function spentMs(start: () => () => void): Promise<{ cpu: number; loop: number }> {
  const stop = start();
  await sleep(50); // past the first, cold readings
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  await sleep(WINDOW_MS);
  const spent = process.cpuUsage(cpu);
  const active = performance.eventLoopUtilization(loop).active;
  stop();
  return { cpu: (spent.user + spent.system) / 1000, loop: active };
}

/** A delay monitor at the sampler's resolution, running until the returned stop. */
const monitor = () => {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return () => histogram.disable();
};

// Readings against the same shape without them (see the note). Subtracting the monitor's ticks
// measured in an idle process instead over-subtracts: there a tick pays for waking the process.
async function intervalCost() {
  const backend = new ReadingBackend();
  configure({ backend });
  const diff = { loop: [] as number[], cpu: [] as number[], tick: [] as number[] };
  for (let round = 0; round < 5; round++) {
    const idle = await spentMs(() => () => {});
    const timer = await spentMs(() => {
      const handle = setInterval(() => setImmediate(() => {}), READ_EVERY_MS);
      const stopMonitor = monitor();
      return () => {
        clearInterval(handle);
        stopMonitor();
      };
    });
    const sampled = await spentMs(() => startRuntimeMetrics({ intervalMs: READ_EVERY_MS }).stop);
    const ticking = await spentMs(monitor);
    diff.loop.push(sampled.loop - timer.loop);
    diff.cpu.push(sampled.cpu - timer.cpu);
    diff.tick.push(ticking.cpu - idle.cpu);
  }
  configure({ backend: noopBackend });
  const readings = WINDOW_MS / READ_EVERY_MS;
  return {
    readingUs: (median(diff.loop) * 1000) / readings,
    readingCpuUs: (median(diff.cpu) * 1000) / readings,
    tickUs: (median(diff.tick) * 1000) / (WINDOW_MS / RESOLUTION_MS),
    metrics: backend.calls / (5 * readings),
  };
}

// Node's real channels, published as `node:http` does.
const [serverStart, serverFinish, clientStart, clientFinish] = [
  "http.server.request.start",
  "http.server.response.finish",
  "http.client.request.start",
  "http.client.response.finish",
].map((name) => diagnosticsChannel.channel(name)) as diagnosticsChannel.Channel[];
/** Stand-ins with the fields the handlers read; Node's objects are emitters too. */
class Incoming extends EventEmitter {
  method = "GET";
  statusCode = 200;
  route = { path: "/users/:id" };
  baseUrl = "";
}
class Outgoing extends EventEmitter {
  method = "GET";
  statusCode = 200;
  req: Incoming | undefined;
}

/** ns per request of what Node does around a served and a made request (publish, `close`). */
function serve(requests: number): number {
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const request = new Incoming();
    const response = new Outgoing();
    response.req = request;
    if (serverStart!.hasSubscribers)
      serverStart!.publish({ request, response, socket: null, server: null });
    if (serverFinish!.hasSubscribers)
      serverFinish!.publish({ request, response, socket: null, server: null });
    response.emit("close");
    const made = new Outgoing();
    const answer = new Incoming();
    if (clientStart!.hasSubscribers) clientStart!.publish({ request: made });
    if (clientFinish!.hasSubscribers) clientFinish!.publish({ request: made, response: answer });
    made.emit("close");
  }
  return ((performance.now() - start) * 1e6) / requests;
}

/** Median over 7 rounds of the instrumented loop minus the same loop without subscribers. */
function requestCost(): number {
  configure({ backend: new ReadingBackend() });
  const added: number[] = [];
  for (let round = 0; round < 7; round++) {
    collectGarbage();
    const plain = serve(200_000);
    const handle = instrumentHttp();
    collectGarbage();
    added.push(serve(200_000) - plain);
    handle.stop();
  }
  configure({ backend: noopBackend });
  return median(added);
}

export async function run(): Promise<SuiteReport> {
  const { readingUs, readingCpuUs, tickUs, metrics } = await intervalCost();
  const perRequest = requestCost();
  const per10s = readingCpuUs + 1000 * tickUs;
  const found = new Findings();
  const reading = `one reading (~${Math.round(metrics)} metrics, to a backend reading every tag)`;
  found.rows.push(
    [`${reading}: event-loop time`, formatNumber(readingUs)],
    [
      "… the same reading: process CPU time, V8's helper threads included",
      formatNumber(readingCpuUs),
    ],
    ["one tick of `monitorEventLoopDelay` waking an idle loop", formatNumber(tickUs)],
    ["per 10 s: one reading's CPU + 1,000 ticks (default 10 ms resolution)", formatNumber(per10s)],
    ["added per HTTP request, server and client handlers", formatNumber(perRequest / 1000)],
  );
  const readingMs = `${formatNumber(readingUs / 1000)} ms`;
  found.check(readingUs < 100, "a reading: < 0.1 ms of event-loop time per interval", readingMs);
  const requestNs = `${formatNumber(perRequest)} ns`;
  found.check(perRequest < 1000, "< 1 µs added per request (server and client)", requestNs);
  found.summary.push(
    `runtime metrics: ${formatNumber(readingUs)} µs per reading, ${formatNumber(per10s)} µs per 10 s with the monitor; HTTP ${formatNumber(perRequest)} ns per request`,
  );
  return found.report(
    "Runtime: `@metrics/runtime`",
    "CPU time | µs",
    "Interval: event-loop time (`performance.eventLoopUtilization()`'s active time, what the target is about) and process CPU time (V8's helper threads included, so an upper bound) over 5 rounds of 3 s with readings every 50 ms (each sees ~5 of the monitor's 10 ms ticks, as a real interval sees many), minus the same shape without the reading (a 50 ms timer and a delay monitor at the sampler's resolution); medians. The monitor's ticks, measured alone in an idle process, are a row of their own. The ticks are those of an idle loop (a busy service's loop is awake anyway); `eventLoopResolutionMs` trades stall coverage for fewer. Request: Node's real channels (`http.server.request.start`, `http.server.response.finish`, `http.client.request.start`, `http.client.response.finish`) published as `node:http` does, and the `close` each emits, minus the same loop without subscribers; median of 7 rounds of 200,000.",
  );
}
