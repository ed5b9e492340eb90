import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the intake receives series and distribution points, timings in milliseconds", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const points = stdout
    .trim()
    .split("\n")
    .map((line) => {
      // Tag order is not part of the API: compare sorted tags.
      const [point, tags = ""] = line.split(" #");
      return `${point} #${tags.split(",").sort().join(",")}`;
    })
    .sort();
  assert.deepEqual(points, [
    "/api/v1/distribution_points  distribution shop.db.query [42] #env:dev,table:orders",
    "/api/v2/series  count shop.orders.placed 2 #country:fr,env:dev",
    "/api/v2/series  gauge shop.customers.active 2 #env:dev",
    "/api/v2/series  gauge shop.queue.depth 7 #env:dev",
  ]);
});
