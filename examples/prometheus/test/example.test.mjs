import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the scrape shows every metric the example records, named as Prometheus expects", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  assert.match(stdout, /-> 200 text\/plain; version=0\.0\.4/);
  assert.match(
    stdout,
    /# TYPE shop_orders_placed_total counter\nshop_orders_placed_total\{country="fr"\} 3\n/,
  );
  assert.match(stdout, /\nshop_queue_depth 7\n/);
  assert.match(stdout, /\nshop_payload_size_bytes_sum 2048\n/);
  assert.match(stdout, /\nshop_db_query_seconds_bucket\{le="0\.05",table="orders"\} 1\n/);
  assert.match(stdout, /\nshop_db_query_seconds_count\{table="orders"\} 1\n/);
  assert.match(stdout, /\nshop_payment_charge_seconds_count\{result="success"\} 1\n/);
  assert.match(stdout, /\nshop_customers_active 2\n/);
});
