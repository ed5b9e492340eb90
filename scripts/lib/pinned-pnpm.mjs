// Runs the pnpm version pinned in package.json's `packageManager` through npx, so a fresh
// machine with only Node and npm can run every workspace command (corepack is not available).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { toolEnv } from "./tool-env.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { packageManager } = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

/**
 * Runs pinned pnpm with `args` in the repository root with toolEnv(). `quiet`: its output is
 * held back and printed only if it fails (pnpm's warnings are passed on either way). Returns
 * the exit status.
 *
 * @example
 * process.exitCode = runPnpm(["install", "--frozen-lockfile"], { quiet: true });
 */
export function runPnpm(args, { quiet = false } = {}) {
  const command = ["-y", packageManager, ...args];
  const options = { cwd: root, env: toolEnv() };
  if (!quiet) return spawnSync("npx", command, { ...options, stdio: "inherit" }).status ?? 1;

  const run = spawnSync("npx", command, {
    ...options,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  if (run.status !== 0) {
    process.stderr.write(output);
    if (run.error) console.error(`could not run npx: ${run.error.message}`);
    console.error(`pnpm ${args.join(" ")} failed (its full output is above)`);
    return run.status ?? 1;
  }
  for (const line of output.split("\n")) {
    if (/^\s*WARN\s/.test(line)) console.error(line.trim());
  }
  return 0;
}

export { root };
