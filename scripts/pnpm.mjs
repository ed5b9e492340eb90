#!/usr/bin/env node
// Runs the pnpm version pinned in package.json through npx (see lib/pinned-pnpm.mjs), with
// native dependencies compiled against this Node's own headers and no update or telemetry
// notices (lib/tool-env.mjs).
//
// Usage: node scripts/pnpm.mjs [--quiet] <pnpm arguments>
//   --quiet  print pnpm's output only if the command fails (and its warnings)
import { runPnpm } from "./lib/pinned-pnpm.mjs";

const args = process.argv.slice(2);
const quiet = args[0] === "--quiet";
process.exit(runPnpm(quiet ? args.slice(1) : args, { quiet }));
