import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the daemon receives and aggregates what the example sends", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  // Lines as the daemon received them (the counter was aggregated in the process: 1 + 2).
  assert.match(stdout, /DEBUG: shop\.orders\.placed:3\|c\|#country:fr\n/);
  assert.match(stdout, /DEBUG: shop\.db\.query:42\|ms\|#table:orders\n/);
  // The daemon's flush.
  assert.match(stdout, /'shop\.orders\.placed;country=fr': 3\b/);
  assert.match(stdout, /gauges: \{ 'shop\.queue\.depth': 7 \}/);
  assert.match(stdout, /'shop\.customers\.active': \[ 'alice', 'bob' \]/);
  assert.match(stdout, /'shop\.payment\.charge;result=success': \[ \d/);
  assert.match(stdout, /'statsd\.bad_lines_seen': 0,/);
});
