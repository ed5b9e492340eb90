import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("metrics emitted deep inside a request carry that request's tags, never another's", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  const metrics = stdout
    .trim()
    .split("\n")
    .map((line) => {
      const [, type, key, , tags = ""] = line.split(" ");
      const request = tags
        .split(",")
        .filter((tag) => tag.startsWith("tenant=") || tag.startsWith("plan="))
        .sort();
      return `${type} ${key} ${request.join(",")}`;
    })
    .sort();
  assert.deepEqual(metrics, [
    "counter cache.miss plan=enterprise,tenant=acme",
    "counter cache.miss plan=free,tenant=globex",
    "counter cart.viewed plan=enterprise,tenant=acme",
    "counter cart.viewed plan=enterprise,tenant=acme",
    "counter cart.viewed plan=free,tenant=globex",
    "timing db.query plan=enterprise,tenant=acme",
    "timing db.query plan=enterprise,tenant=acme",
    "timing db.query plan=free,tenant=globex",
  ]);
});
