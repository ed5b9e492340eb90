#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's `packageManager` through npx, so a fresh
// machine with only Node and npm can run every workspace command (corepack is not available).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const rootManifest = new URL("../package.json", import.meta.url);
const { packageManager } = JSON.parse(readFileSync(rootManifest, "utf8"));
const result = spawnSync("npx", ["-y", packageManager, ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: new URL("..", import.meta.url),
});
process.exit(result.status ?? 1);
