import { execFile } from "node:child_process";

/** How a child process ended. */
export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `source` as an ES module in a fresh Node process that gets no `flush()` or `close()`
 * call: what it emits reaches the peer only if the backend flushes when the process ends.
 */
export function runChild(source: string, timeoutMs = 15_000): Promise<ChildRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", source],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** A child that builds the backend from `entry` and emits `count` counters, one per key. */
export function emittingChild(
  entry: string,
  exportName: string,
  options: Record<string, unknown>,
  count: number,
  extra = "",
): string {
  return [
    `import { ${exportName} as Backend } from ${JSON.stringify(entry)};`,
    `const backend = new Backend(${JSON.stringify(options)});`,
    `for (let i = 0; i < ${count}; i++) backend.incr("exit.m" + i, 1, {}, 1);`,
    extra,
  ].join("\n");
}
