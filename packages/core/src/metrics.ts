import { close, configure, flush, getBackend } from "./configure.js";
import { configureFromEnv } from "./configure-from-env.js";
import { distribution, gauge, incr, set, timing } from "./record.js";
import { addGlobalTags, withTags } from "./scope.js";
import { time, wraps } from "./time.js";
import { timer } from "./timer.js";

/** Every facade function in one object: `metrics.incr("jobs.processed")`. */
export const metrics = {
  incr,
  gauge,
  distribution,
  timing,
  set,
  timer,
  time,
  wraps,
  withTags,
  addGlobalTags,
  configure,
  getBackend,
  flush,
  close,
  configureFromEnv,
};
