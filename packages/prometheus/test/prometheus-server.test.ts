import { close, configure, type MetricsError, metrics } from "@metrics/core";
import { findPrometheus, startPrometheus } from "@metrics/test-peers/prometheus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusBackend } from "../src/index.js";

const binary = findPrometheus();
// CI greps for one of these two lines: the test must not be missing silently.
if (binary === undefined) {
  process.stdout.write(
    "PROMETHEUS SERVER TEST: NOT RUN (no prometheus binary on PATH; apt-get install prometheus)\n",
  );
} else {
  process.stdout.write(`PROMETHEUS SERVER TEST: RUN with ${binary}\n`);
}

describe.runIf(binary !== undefined)(
  "PrometheusBackend scraped by a real Prometheus server",
  () => {
    let backend: PrometheusBackend;
    let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
    const errors: MetricsError[] = [];

    beforeAll(async () => {
      backend = new PrometheusBackend({ onError: (error) => errors.push(error) });
      const { port } = await backend.listen({ port: 0, host: "127.0.0.1" });
      configure({ backend, prefix: "shop" });
      prometheus = await startPrometheus(binary!, `127.0.0.1:${port}`);
    }, 40_000);

    afterAll(async () => {
      await close();
      await prometheus?.stop();
    });

    it("reads back every kind of metric through Prometheus's query API", async () => {
      metrics.incr("orders.placed", { tags: { country: "fr" } });
      metrics.incr("orders.placed", 2, { tags: { country: "fr" } });
      metrics.incr("orders.placed", { tags: { country: "de", extra: "dropped" } });
      metrics.incr("orders.placed"); // the label fixed at the first call is empty: no label
      metrics.incr("jobs_total", 4); // already ends in _total: not doubled
      backend.incr("shop.sampled", 1, {}, 0.25, undefined); // stands for 4
      metrics.gauge("queue.depth", 7, { tags: { queue: "email" } });
      metrics.gauge("queue.depth", 5, { tags: { queue: "email" } });
      metrics.timing("db.query", 0.042, { tags: { table: "users" } });
      metrics.timing("db.query", 1.5, { tags: { table: "users" } });
      metrics.distribution("payload.size", 2048, { unit: "byte" });
      for (const user of ["alice", "bob", "alice", 42]) metrics.set("users.active", user);
      await metrics.flush(); // ends the set window

      const placed = await prometheus.queryUntil(
        'shop_orders_placed_total{job="metrics-test"}',
        (r) => r.length === 3,
      );
      expect(
        Object.fromEntries(placed.map((r) => [r.metric.country ?? "", Number(r.value[1])])),
      ).toEqual({ fr: 3, de: 1, "": 1 });
      expect(placed.every((r) => r.metric.extra === undefined)).toBe(true);

      const scalar = async (expression: string, want: number) => {
        const result = await prometheus.queryUntil(expression, (r) => r.length === 1);
        expect(
          result.map((r) => Number(r.value[1])),
          expression,
        ).toEqual([want]);
        return result[0]!;
      };
      await scalar("shop_jobs_total", 4);
      expect((await prometheus.query("shop_jobs_total_total")).length).toBe(0);
      await scalar("shop_sampled_total", 4);
      expect((await scalar("shop_queue_depth", 5)).metric.queue).toBe("email");
      await scalar('shop_db_query_seconds_count{table="users"}', 2);
      await scalar('shop_db_query_seconds_sum{table="users"}', 1.542);
      await scalar('shop_db_query_seconds_bucket{table="users",le="0.05"}', 1);
      await scalar('shop_db_query_seconds_bucket{table="users",le="2.5"}', 2);
      await scalar("shop_payload_size_bytes_count", 1);
      await scalar("shop_payload_size_bytes_sum", 2048);
      await scalar("shop_users_active", 3);
      const up = await scalar('up{job="metrics-test"}', 1);
      expect(up.metric.instance).toMatch(/^127\.0\.0\.1:\d+$/);

      expect(errors.map((e) => e.code)).toEqual(["invalid_tag"]);
      expect(errors[0]!.message).toContain('the tag "extra"');
    }, 60_000);

    it("sees a set drop to its next window's count, and counters keep counting", async () => {
      metrics.set("users.active", "carol");
      metrics.incr("orders.placed", 10, { tags: { country: "fr" } });
      await metrics.flush();
      const active = await prometheus.queryUntil(
        "shop_users_active",
        (r) => r[0]?.value[1] === "1",
      );
      expect(active.map((r) => Number(r.value[1]))).toEqual([1]);
      const fr = await prometheus.queryUntil(
        'shop_orders_placed_total{country="fr"}',
        (r) => r[0]?.value[1] === "13",
      );
      expect(fr.map((r) => Number(r.value[1]))).toEqual([13]);
    }, 60_000);
  },
);
