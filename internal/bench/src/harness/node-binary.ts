import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * Path of a Node binary of another major version: `npx` fetches the `node` package of that major
 * from the npm registry (into npx's own cache) and prints the path of the binary it runs.
 * Rejects with a short reason when npx fails or takes longer than `timeoutMs` (e.g. offline).
 */
export async function resolveNodeBinary(major: number, timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      "npx",
      ["-y", `node@${major}`, "-p", "process.execPath"],
      { timeout: timeoutMs },
    );
    const path = stdout.trim();
    if (path === "") throw new Error("npx printed no path");
    return path;
  } catch (error) {
    throw new Error(`\`npx node@${major}\` failed: ${shortReason(error, timeoutMs)}`);
  }
}

/** One line for a table cell: that npx timed out, or the first line it printed on stderr. */
function shortReason(error: unknown, timeoutMs: number): string {
  const failure = error as { killed?: boolean; stderr?: string; message?: string };
  if (failure.killed) return `no answer within ${timeoutMs / 1000} s`;
  const firstLine = (failure.stderr ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "");
  return (firstLine ?? failure.message ?? String(error)).slice(0, 120);
}
