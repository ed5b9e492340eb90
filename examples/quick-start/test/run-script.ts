import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const exampleDir = fileURLToPath(new URL("..", import.meta.url));

export interface Script {
  child: ChildProcess;
  /** Resolves when the process has exited, with its code, signal and output. */
  exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  /** Resolves once the process has written `text` to stdout. */
  printed(text: string): Promise<void>;
}

/** Runs `node <file>` in the example's directory, as a user would, sending to `port`. */
export function runScript(file: string, port: number): Script {
  const child = spawn(process.execPath, [file], {
    cwd: exampleDir,
    env: { ...process.env, STATSD_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiting: Array<[string, () => void]> = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const [text, resolve] of waiting) if (stdout.includes(text)) resolve();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    exited,
    printed: (text) =>
      new Promise<void>((resolve) => {
        if (stdout.includes(text)) resolve();
        else waiting.push([text, resolve]);
      }),
  };
}
