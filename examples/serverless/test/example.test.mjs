import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("each invocation's metrics have arrived by the time the handler returns", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const lines = stdout.trim().split("\n");
  const returns = lines.filter((line) => line.startsWith("invocation "));
  assert.deepEqual(returns, [
    "invocation 1 returned 201; the intake had 3 points",
    "invocation 2 returned 201; the intake had 6 points",
    "invocation 3 returned 201; the intake had 9 points",
  ]);
  // The second invocation's points arrived after the first returned and before it returned.
  const first = lines.findIndex((line) => line.startsWith("invocation 1 "));
  const second = lines
    .slice(
      first + 1,
      lines.findIndex((line) => line.startsWith("invocation 2 ")),
    )
    .sort();
  assert.equal(second.length, 3);
  assert.equal(second[0], "  intake: checkout.basket.size [2] #");
  assert.match(
    second[1] ?? "",
    /^ {2}intake: checkout\.handler\.duration \[\d+(\.\d+)?\] #country:de$/,
  );
  assert.equal(second[2], "  intake: checkout.orders.received 1 #country:de");
});
