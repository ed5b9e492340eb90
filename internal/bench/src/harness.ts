// What every suite shares: child processes, timing loops, interleaved rounds, the 100-context
// workload and a backend that reads its input.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { distribution, incr, type MetricsBackend, type Tags, timing } from "@metrics/core";

/** One section of RESULTS.md, and the one-line ratios it adds to the summary and the history. */
export type SuiteReport = { title: string; markdown: string; summary: string[] };

/** Absolute path of a module next to `from` (an `import.meta.url`). */
export const siblingPath = (from: string, relative: string): string =>
  fileURLToPath(new URL(relative, from));

/** Runs a TypeScript module in a fresh Node (tsx, `--expose-gc`); resolves with its first answer. */
export function runInChild<T>(
  modulePath: string,
  args: string[] = [],
  { gc = true, execPath = process.execPath } = {},
): Promise<T> {
  const child = fork(modulePath, args, {
    execArgv: [...(gc ? ["--expose-gc"] : []), "--import", "tsx"],
    execPath,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const timer = setTimeout(() => child.kill(), 600_000);
  return new Promise<T>((resolve, reject) => {
    child.once("message", (message) => resolve(message as T));
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`${modulePath} exited (${code}) before answering`)),
    );
  }).finally(() => {
    clearTimeout(timer);
    if (child.connected) child.disconnect();
  });
}

/** The parent's handle on a peer process: its address, one command at a time; on `stop` the peer
 * closes what it opened (its `disconnect` handler) and exits. */
export type Peer<Address> = { address: Address; ask<T>(command: string): Promise<T>; stop(): void };

/** A peer (sink, intake) in a process of its own, so its decoding never takes the client's CPU. */
export async function startPeer<Address>(
  modulePath: string,
  args: string[],
): Promise<Peer<Address>> {
  const child = fork(modulePath, args, { execArgv: ["--import", "tsx"] });
  const [address] = await once(child, "message");
  return {
    address,
    ask: async (command) => {
      child.send(command);
      return (await once(child, "message"))[0];
    },
    stop: () => child.disconnect(),
  };
}

/** The peer process's side: sends its address, then answers each command with its handler. */
export function servePeer(address: unknown, handlers: Record<string, () => unknown>): void {
  process.on("message", async (command: string) => {
    process.send?.((await handlers[command]?.()) ?? {});
  });
  process.send?.(address);
}

/** A full garbage collection, when Node runs with `--expose-gc`. */
export function collectGarbage(): void {
  for (let i = 0; i < 2; i++) (globalThis as { gc?: () => void }).gc?.();
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Folds in what a batch returned, so V8 must compute it; exported, so it counts as read. */
export const blackhole = { value: 0 };

/** Median ns per op of `batch` (`ops` per call), timed whole: the timer would swamp a few ns. */
function nsPerOp(batch: () => unknown, ops: number, ms = 150): number {
  for (let i = 0; i < 20; i++) blackhole.value += Number(batch()) || 0;
  const samples: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end || samples.length < 20) {
    const start = performance.now();
    const result = batch();
    samples.push(performance.now() - start);
    blackhole.value += Number(result) || 0;
  }
  return (median(samples) * 1e6) / ops;
}

/** Median ns per op of each batch over interleaved rounds; `before` runs untimed before each. */
export function interleaved(
  batches: Record<string, () => unknown>,
  ops: number,
  { rounds = 3, ms = 150, before = (_name: string) => {} } = {},
): Record<string, number> {
  const samples = Object.entries(batches).map(([name]) => [name, [] as number[]] as const);
  for (let round = 0; round < rounds; round++) {
    for (const [name, ns] of samples) {
      before(name);
      ns.push(nsPerOp(batches[name]!, ops, ms));
    }
  }
  return Object.fromEntries(samples.map(([name, ns]) => [name, median(ns)]));
}

/** Calls `from` … `to - 1` of a workload; each client writes this loop around its own call. */
export type CallRange = (from: number, to: number) => void;

/** ms of `calls` calls in chunks of 10,000, an event-loop turn between chunks as in a server. */
export async function timeCalls(callRange: CallRange, calls: number): Promise<number> {
  const start = performance.now();
  for (let done = 0; done < calls; done += 10_000) {
    callRange(done, Math.min(calls, done + 10_000));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return performance.now() - start;
}

/** 100 contexts (call `i` uses `i % 100`): 10 keys × 10 routes, 2 tags, one string each. */
export const KEYS = Array.from({ length: 100 }, (_, c) => `bench.requests.k${c % 10}`);
export const TAGS = Array.from({ length: 100 }, (_, c) => ({
  route: `r${Math.floor(c / 10)}`,
  status: "200",
}));

/** Value of call `i` in ms: integers 1…1000, so sums are exact. */
export const msOf = (i: number): number => (i % 1000) + 1;

/** The metric types of the throughput rows. */
export type Kind = "counter" | "timing" | "distribution";

/** Our side of the throughput rows: the workload through the facade, per metric type. */
export const FACADE_CALLS: Record<Kind, CallRange> = {
  counter: (from, to) => {
    for (let i = from; i < to; i++) incr(KEYS[i % 100]!, { tags: TAGS[i % 100] });
  },
  timing: (from, to) => {
    for (let i = from; i < to; i++) timing(KEYS[i % 100]!, msOf(i) / 1000, { tags: TAGS[i % 100] });
  },
  distribution: (from, to) => {
    for (let i = from; i < to; i++) distribution(KEYS[i % 100]!, msOf(i), { tags: TAGS[i % 100] });
  },
};

/** One measured run of a client, and what its peer received: counts or values, intact or not. */
export type Run = { callsPerSec: number; delivered: number; intact: boolean; datagrams?: number };

/** Times `calls` calls of `callRange` after a GC, then `finish()` (close, flush, count). */
export async function measure(
  callRange: CallRange,
  calls: number,
  finish: () => Promise<Omit<Run, "callsPerSec">>,
): Promise<Run> {
  collectGarbage();
  const ms = await timeCalls(callRange, calls);
  return { callsPerSec: (calls / ms) * 1000, ...(await finish()) };
}

/** Interleaved rounds of ours (`oursPerRound` runs) and the peer (one run); every run kept. */
export async function sideBySide<T>(
  ours: () => Promise<T>,
  peer: () => Promise<T>,
  { rounds = 3, oursPerRound = 1 } = {},
): Promise<{ ours: T[]; peer: T[] }> {
  const runs = { ours: [] as T[], peer: [] as T[] };
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < oursPerRound; i++) runs.ours.push(await ours());
    runs.peer.push(await peer());
  }
  return runs;
}

/** A backend that reads every tag (as an aggregating transport does) and counts its calls. */
export class ReadingBackend implements MetricsBackend {
  calls = 0;
  read = 0;
  incr = (key: string, _value: unknown, tags: Tags): void => {
    this.calls++;
    let size = key.length;
    for (const name in tags) size += name.length + tags[name]!.length;
    this.read += size;
  };
  gauge = this.incr;
  distribution = this.incr;
  timing = this.incr;
  set = this.incr;
  flush = (): Promise<void> => Promise.resolve();
  close = this.flush;
}
