const CHUNK = 10_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Calls `i` = `from` … `to - 1` of a workload. Each client writes this loop itself, around its own
 * call: its call site then has its own type feedback, as an application's do. Called from one
 * shared loop instead, a call site that every row's function passes through is re-optimized for
 * each row, which costs a 100-ms row a larger share than a 2-s one.
 */
export type CallRange = (from: number, to: number) => void;

/**
 * Makes `calls` calls in chunks of 10,000, letting timers and socket callbacks run between
 * chunks as they would in a server. Returns the wall time in ms, those turns included:
 * everything the client made the process do while it was being called.
 */
export async function timeCalls(callRange: CallRange, calls: number): Promise<number> {
  const start = performance.now();
  for (let done = 0; done < calls; done += CHUNK) {
    callRange(done, Math.min(calls, done + CHUNK));
    await yieldToEventLoop();
  }
  return performance.now() - start;
}
