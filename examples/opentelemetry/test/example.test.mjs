import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the collector receives every metric the example records", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  assert.match(stdout, /received sum shop\.orders\.placed\{country=fr\} unit= value=3\n/);
  assert.match(stdout, /received gauge shop\.queue\.depth\{\} unit= value=7\n/);
  assert.match(stdout, /received histogram shop\.payload\.size\{\} unit=By count=1 sum=2048\n/);
  assert.match(
    stdout,
    /received histogram shop\.db\.query\{table=orders\} unit=s count=1 sum=0\.042\n/,
  );
  // A 20 ms sleep, in seconds: timers may fire a fraction of a ms early by the clock the timer
  // reads (libuv schedules from its cached loop time), so 0.019… is as right as 0.021….
  assert.match(
    stdout,
    /received histogram shop\.payment\.charge\{result=success\} unit=s count=1 sum=0\.0(19|[2-9])/,
  );
  assert.match(stdout, /received gauge shop\.customers\.active\{\} unit= value=2\n/);
});
