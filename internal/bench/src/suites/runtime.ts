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
const EVERY_MS = 10;

/** CPU time (ms) of this process while `start()`'s work runs for `WINDOW_MS`: robust to being descheduled. */
async function cpuMs(start: () => () => void): Promise<number> {
  const stop = start();
  await sleep(50); // past the first, cold readings
  const before = process.cpuUsage();
  await sleep(WINDOW_MS);
  const spent = process.cpuUsage(before);
  stop();
  return (spent.user + spent.system) / 1000;
}

/**
 * Readings every 10 ms (300 per window) against a 10 ms timer with an immediate (the same
 * shape): the difference, less the monitor's own ticks (measured against an idle process), is
 * the reading and its ~46 metrics through the facade into a backend that reads every tag.
 */
async function intervalCost(): Promise<{ readingUs: number; tickUs: number; metrics: number }> {
  const backend = new ReadingBackend();
  configure({ backend });
  const diff = { sampled: [] as number[], tick: [] as number[] };
  for (let round = 0; round < 5; round++) {
    const idle = await cpuMs(() => () => {});
    const timer = await cpuMs(() => {
      const handle = setInterval(() => setImmediate(() => {}), EVERY_MS);
      return () => clearInterval(handle);
    });
    const sampled = await cpuMs(() => startRuntimeMetrics({ intervalMs: EVERY_MS }).stop);
    const monitor = await cpuMs(() => {
      const histogram = monitorEventLoopDelay({ resolution: EVERY_MS });
      histogram.enable();
      return () => histogram.disable();
    });
    diff.sampled.push(sampled - timer);
    diff.tick.push(monitor - idle);
  }
  configure({ backend: noopBackend });
  const readings = WINDOW_MS / EVERY_MS;
  const tickUs = (median(diff.tick) * 1000) / readings;
  return {
    readingUs: (median(diff.sampled) * 1000) / readings - tickUs,
    tickUs,
    metrics: backend.calls / (5 * readings),
  };
}

// Node's real channels, published as `node:http` does.
const serverStart = diagnosticsChannel.channel("http.server.request.start");
const serverFinish = diagnosticsChannel.channel("http.server.response.finish");
const clientStart = diagnosticsChannel.channel("http.client.request.start");
const clientFinish = diagnosticsChannel.channel("http.client.response.finish");
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

/** ns per request of what Node does around a served and a made request: publish when subscribed, emit `close`. */
function serve(requests: number): number {
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const request = new Incoming();
    const response = new Outgoing();
    response.req = request;
    if (serverStart.hasSubscribers)
      serverStart.publish({ request, response, socket: null, server: null });
    if (serverFinish.hasSubscribers)
      serverFinish.publish({ request, response, socket: null, server: null });
    response.emit("close");
    const made = new Outgoing();
    const answer = new Incoming();
    if (clientStart.hasSubscribers) clientStart.publish({ request: made });
    if (clientFinish.hasSubscribers) clientFinish.publish({ request: made, response: answer });
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
  const { readingUs, tickUs, metrics } = await intervalCost();
  const perRequest = requestCost();
  const per10s = readingUs + 1000 * tickUs;
  const found = new Findings();
  found.rows.push(
    [
      `one reading (~${Math.round(metrics)} metrics, to a backend reading every tag)`,
      formatNumber(readingUs),
    ],
    ["one tick of `monitorEventLoopDelay` waking an idle loop", formatNumber(tickUs)],
    ["per 10 s: one reading + 1,000 ticks (default 10 ms resolution)", formatNumber(per10s)],
    ["added per HTTP request, server and client handlers", formatNumber(perRequest / 1000)],
  );
  found.check(
    readingUs < 100,
    "a reading: < 0.1 ms per interval",
    `${formatNumber(readingUs / 1000)} ms`,
  );
  found.check(
    perRequest < 1000,
    "< 1 µs added per request (server and client)",
    `${formatNumber(perRequest)} ns`,
  );
  found.summary.push(
    `runtime metrics: ${formatNumber(readingUs)} µs per reading, ${formatNumber(per10s)} µs per 10 s with the monitor; HTTP ${formatNumber(perRequest)} ns per request`,
  );
  return found.report(
    "Runtime: `@metrics/runtime`",
    "CPU time | µs",
    "Interval: process CPU time (V8's helper threads included, so an upper bound) over 5 rounds of 3 s with readings every 10 ms, minus a timer of the same shape and minus the monitor's ticks; medians. The ticks are those of an idle loop (a busy service's loop is awake anyway); `eventLoopResolutionMs` trades stall coverage for fewer. Request: Node's real channels (`http.server.request.start`, `http.server.response.finish`, `http.client.request.start`, `http.client.response.finish`) published as `node:http` does, and the `close` each emits, minus the same loop without subscribers; median of 7 rounds of 200,000.",
  );
}
