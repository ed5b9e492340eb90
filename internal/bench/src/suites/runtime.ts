// `@metrics/runtime`: the event-loop time of one reading per interval, taken cold as at a 10 s
// interval (and the CPU time of the event-loop delay monitor's ticks), and the time
// `instrumentHttp` adds to one HTTP request.

import { createHook } from "node:async_hooks";
import diagnosticsChannel from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { configure, noopBackend } from "@metrics/core";
import { instrumentHttp, startRuntimeMetrics } from "@metrics/runtime";
import { blackhole, collectGarbage, median, ReadingBackend, type SuiteReport } from "../harness.js";
import { Findings, formatNumber } from "../report.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The monitor's default resolution. */
const RESOLUTION_MS = 10;
/**
 * Readings at the default interval, timed one by one: each is the first work after 10 s idle,
 * cold, as in a service (measured with hrtime around a reading: one every 2 s costs ~30% less,
 * one every 50 ms about half).
 */
const READ_EVERY_MS = 10_000;
const READINGS = 5;

/** Each reading: µs of JS run by its timer's callback and the immediates it queued, and metrics sent. */
type Probed = Array<{ us: number; metrics: number }>;

/**
 * Times the readings `start()` schedules (an interval whose callback queues an immediate), from
 * async_hooks' before/after around each callback: a reading's event-loop time is its timer
 * callback plus the immediates that callback queued (the delay monitor's ticks run no JS). The
 * first reading (the first call of everything) is left out.
 */
async function probe(backend: ReadingBackend, start: () => () => void): Promise<Probed> {
  const probed: Probed = [];
  const timers = new Set<number>();
  const queuedBy = new Set<number>();
  let started = 0n;
  let reading: { us: number; metrics: number } | undefined;
  const hook = createHook({
    init(id, type, trigger) {
      if (type === "Timeout") timers.add(id);
      else if (type === "Immediate" && timers.has(trigger)) queuedBy.add(id);
    },
    before(id) {
      if (timers.has(id)) {
        reading = { us: 0, metrics: backend.calls };
        probed.push(reading);
      }
      started = process.hrtime.bigint();
    },
    after(id) {
      if (reading !== undefined && (timers.has(id) || queuedBy.has(id))) {
        reading.us += Number(process.hrtime.bigint() - started) / 1000;
      }
    },
  }).enable();
  const stop = start();
  await sleep(READ_EVERY_MS * (READINGS + 1) + READ_EVERY_MS / 2);
  hook.disable();
  stop();
  // Metrics sent: calls up to the next timer's callback (the last one is this sleep's own).
  return probed.slice(1, READINGS + 1).map((one, i) => ({
    us: one.us,
    metrics: probed[i + 2]!.metrics - one.metrics,
  }));
}

/** `read` every READ_EVERY_MS from the check phase, as the sampler runs, beside a delay monitor. */
function everyInterval(read: (delay: IntervalHistogram) => void): () => void {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const timer = setInterval(() => setImmediate(read, delay), READ_EVERY_MS);
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}

/** The Node APIs a reading calls, each once, emitting nothing: the floor of a reading. */
function nodeApisAlone(): () => void {
  let utilization = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  return everyInterval((delay) => {
    let sum = delay.count > 0 ? delay.min + delay.max + delay.mean + delay.percentile(50) : 0;
    if (delay.count > 0) sum += delay.percentile(90) + delay.percentile(99);
    delay.reset();
    const now = performance.eventLoopUtilization();
    sum += performance.eventLoopUtilization(now, utilization).utilization;
    utilization = now;
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    sum += rss + heapUsed + heapTotal + external + arrayBuffers;
    for (const space of getHeapSpaceStatistics()) {
      sum += space.space_size + space.space_used_size;
      sum += space.space_available_size + space.physical_space_size;
    }
    const total = process.cpuUsage();
    sum += total.user - cpu.user + total.system - cpu.system + performance.now();
    cpu = total;
    blackhole.value += sum + process.getActiveResourcesInfo().length + process.uptime();
  });
}

/** CPU ms the process spends over 3 s while `start()`'s work runs. */
async function cpuMs(start: () => () => void): Promise<number> {
  const stop = start();
  await sleep(50);
  const cpu = process.cpuUsage();
  await sleep(3_000);
  const spent = process.cpuUsage(cpu);
  stop();
  return (spent.user + spent.system) / 1000;
}

/**
 * A reading's event-loop time and the floor's, each minus an empty timer and immediate beside
 * a delay monitor. The monitor's ticks: process CPU time with the monitor alone minus an idle
 * process, 3 rounds of 3 s.
 */
async function intervalCost() {
  const backend = new ReadingBackend();
  configure({ backend });
  const reading = await probe(
    backend,
    () => startRuntimeMetrics({ intervalMs: READ_EVERY_MS }).stop,
  );
  const apis = await probe(backend, nodeApisAlone);
  const bare = await probe(backend, () => everyInterval(() => {}));
  const ticks: number[] = [];
  for (let round = 0; round < 3; round++) {
    const idle = await cpuMs(() => () => {});
    const monitor = () => {
      const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      histogram.enable();
      return () => histogram.disable();
    };
    ticks.push((await cpuMs(monitor)) - idle);
  }
  configure({ backend: noopBackend });
  const passage = median(bare.map((p) => p.us));
  return {
    readingUs: median(reading.map((p) => p.us)) - passage,
    apisUs: median(apis.map((p) => p.us)) - passage,
    emptyUs: passage,
    tickUs: (median(ticks) * 1000) / (3_000 / RESOLUTION_MS),
    metrics: median(reading.map((p) => p.metrics)),
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
  const { readingUs, apisUs, emptyUs, tickUs, metrics } = await intervalCost();
  const perRequest = requestCost();
  const per10s = readingUs + 1000 * tickUs;
  const found = new Findings();
  const reading = `one reading (${metrics} metrics, to a backend reading every tag), every 10 s`;
  found.rows.push(
    [`${reading}: event-loop time`, formatNumber(readingUs)],
    ["… the Node APIs it calls, alone, each once (the floor)", formatNumber(apisUs)],
    ["(an empty timer and immediate, subtracted from both)", formatNumber(emptyUs)],
    ["one tick of `monitorEventLoopDelay` waking an idle loop (CPU time)", formatNumber(tickUs)],
    ["per 10 s: one reading + 1,000 ticks (default 10 ms resolution)", formatNumber(per10s)],
    ["added per HTTP request, server and client handlers", formatNumber(perRequest / 1000)],
  );
  const readingMs = `${formatNumber(readingUs / 1000)} ms (the Node APIs alone: ${formatNumber(apisUs / 1000)} ms)`;
  found.check(readingUs < 100, "a reading: < 0.1 ms of event-loop time per interval", readingMs);
  const requestNs = `${formatNumber(perRequest)} ns`;
  found.check(perRequest < 1000, "< 1 µs added per request (server and client)", requestNs);
  found.summary.push(
    `runtime metrics: ${formatNumber(readingUs)} µs per reading every 10 s (Node APIs alone ${formatNumber(apisUs)} µs), ${formatNumber(per10s)} µs per 10 s with the monitor; HTTP ${formatNumber(perRequest)} ns per request`,
  );
  return found.report(
    "Runtime: `@metrics/runtime`",
    "event-loop time | µs",
    "Reading: every 10 s (the default interval), each reading the first work after idle, as in a service (one every 50 ms, as this suite took before, costs about half: V8's code and the kernel's paths are still in cache). Its event-loop time is the JS its interval's callback and the immediate it queues run, timed by `async_hooks` before/after, minus an empty timer and immediate beside a delay monitor timed the same way; the floor row runs the same Node API calls with nothing emitted; 5 readings each after one left out, medians. Ticks: process CPU time with a delay monitor alone minus an idle process, median of 3 rounds of 3 s (an idle loop's; a busy service's loop is awake anyway). Request: Node's real channels (`http.server.request.start`, `http.server.response.finish`, `http.client.request.start`, `http.client.response.finish`) published as `node:http` does, and the `close` each emits, minus the same loop without subscribers; median of 7 rounds of 200,000.",
  );
}
