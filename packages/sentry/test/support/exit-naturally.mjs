// A service that emits, never flushes or closes, and lets its event loop empty.
import { configure, metrics } from "@metrics/core";
import * as Sentry from "@sentry/node";
import { SentryBackend } from "../../dist/index.js";

Sentry.init({ dsn: process.env.SENTRY_DSN, defaultIntegrations: false });
configure({ backend: new SentryBackend(), prefix: "exit" });
metrics.incr("jobs", 3);
metrics.set("users", "ann");
metrics.set("users", "bob");
