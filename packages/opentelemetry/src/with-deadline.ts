/**
 * Runs `work` and waits for it at most `ms` (an unref'd timer, so waiting never keeps the
 * process alive). Resolves `"done"` or `"timeout"`; rejects with what `work` threw or rejected.
 *
 * @example
 * if ((await withDeadline(() => provider.forceFlush(), 10_000)) === "timeout") report();
 */
export async function withDeadline(
  work: () => Promise<unknown>,
  ms: number,
): Promise<"done" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(resolve, ms, "timeout");
    timer.unref();
  });
  try {
    return await Promise.race([work().then(() => "done" as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
