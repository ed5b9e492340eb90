import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Node flags that let a child run TypeScript the way `npm run bench` does. */
export const TSX_EXEC_ARGV = ["--expose-gc", "--import", "tsx"];

/** Only what running TypeScript needs: for children that must look like a plain application. */
export const TSX_ONLY_EXEC_ARGV = ["--import", "tsx"];

/** Absolute path of a module next to `from` (an `import.meta.url`). */
export function siblingPath(from: string, relative: string): string {
  return fileURLToPath(new URL(relative, from));
}

/**
 * Runs a TypeScript module in a fresh Node process and resolves with the first message it sends
 * over IPC. Extra `nodeFlags` (e.g. `--no-turbo-inlining`) apply to that process only;
 * `gc: false` leaves out `--expose-gc`; `execPath` runs another Node binary than this one.
 */
export function runInChild<T>(
  modulePath: string,
  args: string[] = [],
  nodeFlags: string[] = [],
  {
    timeoutMs = 300_000,
    gc = true,
    execPath = process.execPath,
  }: { timeoutMs?: number; gc?: boolean; execPath?: string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(modulePath, args, {
      execArgv: [...nodeFlags, ...(gc ? TSX_EXEC_ARGV : TSX_ONLY_EXEC_ARGV)],
      execPath,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const timer = setTimeout(() => {
      child.kill();
      finish(new Error(`${modulePath} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (error: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    child.once("message", (message) => {
      finish(undefined, message as T);
      child.disconnect();
    });
    child.once("error", (error) => finish(error));
    child.once("exit", (code) =>
      finish(new Error(`${modulePath} exited with code ${code} before answering`)),
    );
  });
}
