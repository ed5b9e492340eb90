import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("every request is timed and counted with its route pattern and status", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const lines = stdout.trim().split("\n");
  const timings = lines.filter((line) => line.startsWith("[metrics] timing "));
  const counters = lines.filter((line) => line.startsWith("[metrics] counter "));
  const expected = [
    "method=GET,route=/health,status=200",
    "method=GET,route=/users/:id,status=200",
    "method=GET,route=/boom,status=500",
    "method=GET,route=unmatched,status=404",
  ];
  assert.deepEqual(
    timings.map(
      (line) => line.match(/^\[metrics\] timing http\.server\.duration [\d.]+ms (\S+)$/)?.[1],
    ),
    expected,
  );
  assert.deepEqual(
    counters.map((line) => line.match(/^\[metrics\] counter http\.server\.requests 1 (\S+)$/)?.[1]),
    expected,
  );
});
