import type { MetricsError } from "@metrics/core";
import * as Sentry from "@sentry/node";
import { expect, it } from "vitest";
import { SentryBackend } from "../src/index.js";

// This file never initialises Sentry with metrics on: the SDK drops what it is given, silently.

it("reports, with exact counts, metrics the SDK drops because Sentry is not initialised", async () => {
  const errors: MetricsError[] = [];
  const backend = new SentryBackend({ onError: (e) => errors.push(e) });
  backend.incr("lost", 1, {}, 1, undefined);
  backend.distribution("lost.values", 1, {}, 0.5, undefined); // recorded twice
  backend.set("lost.set", "a", {}, 1); // one gauge at the flush
  await backend.flush();
  expect(errors.map((e) => [e.code, e.dropped])).toEqual([["dropped", 4]]);
  expect(errors[0]!.message).toMatch(/not initialised/);
  await backend.close();
});

it("reports them too when Sentry runs with enableMetrics: false", async () => {
  Sentry.init({
    dsn: "http://publickey@127.0.0.1:9/1",
    enableMetrics: false,
    defaultIntegrations: false,
  });
  const errors: MetricsError[] = [];
  const backend = new SentryBackend({ sentry: Sentry, onError: (e) => errors.push(e) });
  backend.gauge("off", 1, {}, 1, undefined);
  await backend.flush();
  expect(errors.map((e) => [e.code, e.dropped])).toEqual([["dropped", 1]]);
  await backend.close();
  await Sentry.close(100);
});
