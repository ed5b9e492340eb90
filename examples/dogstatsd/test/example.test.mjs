import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the datagrams carry one aggregated line per metric, in milliseconds, with tags", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const lines = stdout
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => {
      // Tag order is not part of the protocol: compare sorted tags.
      const [metric, tags = ""] = line.trim().split("|#");
      return `${metric}|#${tags.split(",").sort().join(",")}`;
    })
    .sort();
  assert.deepEqual(lines, [
    "shop.basket.size:3:5|d|#env:dev",
    "shop.customers.active:alice|s|#env:dev",
    "shop.db.query:42|d|#env:dev,table:orders",
    "shop.orders.placed:2|c|#country:fr,env:dev",
    "shop.queue.depth:7|g|#env:dev",
  ]);
});
