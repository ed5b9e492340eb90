import type { Suite } from "../harness/suite.js";
import { coreSuite } from "./core.js";
import { datadogSuite } from "./datadog.js";
import { destinationsSuite } from "./destinations.js";
import { dogstatsdSuite } from "./dogstatsd.js";
import { runtimeSuite } from "./runtime.js";
import { sentrySuite } from "./sentry.js";
import { startupSuite } from "./startup.js";
import { statsdSuite } from "./statsd.js";

/** Every suite, in the order a full run goes through them. */
export const SUITES: Suite[] = [
  coreSuite,
  statsdSuite,
  dogstatsdSuite,
  datadogSuite,
  destinationsSuite,
  sentrySuite,
  runtimeSuite,
  startupSuite,
];
