import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the example prints HTTP timings by route template and a runtime interval", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const lines = stdout.split("\n");
  /** @param {RegExp} pattern */
  const line = (pattern) => lines.find((l) => pattern.test(l));
  assert.ok(line(/shop\.http\.server\.request\.duration.*route=\/orders\/:id/), stdout);
  assert.ok(line(/shop\.http\.server\.request\.duration.*status=404/), stdout);
  assert.ok(line(/shop\.http\.client\.request\.duration.*status=200/), stdout);
  // The raw path, not the digits alone: a byte count or a duration may well contain "1234".
  assert.equal(stdout.includes("/orders/1234"), false, "the raw path never appears");
  for (const name of [
    "nodejs.eventloop.delay.max",
    "nodejs.eventloop.utilization",
    "nodejs.memory.heap.used",
    "v8js.memory.heap.used",
    "process.memory.usage",
    "process.cpu.time",
    "nodejs.active_resources",
    "process.uptime",
  ]) {
    assert.ok(line(new RegExp(`shop\\.${name.replaceAll(".", "\\.")}\\b.*service=shop`)), name);
  }
});
