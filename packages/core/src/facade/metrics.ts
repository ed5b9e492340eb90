import { configureFromEnv } from "../configure-from-env.js";
import { close, configure, flush, getBackend } from "./configure.js";
import { event } from "./event.js";
import { distribution, gauge, incr, set, timing } from "./record.js";
import { addGlobalTags, withTags } from "./scope.js";
import { time, wraps } from "./time.js";
import { timer } from "./timer.js";

/**
 * Every facade function in one object.
 *
 * @example
 * ```ts
 * import { metrics } from "@metrics/core";
 * metrics.incr("jobs.processed", { tags: { queue: "email" } });
 * ```
 */
export const metrics = {
  /** {@inheritDoc incr} */
  incr,
  /** {@inheritDoc gauge} */
  gauge,
  /** {@inheritDoc distribution} */
  distribution,
  /** {@inheritDoc timing} */
  timing,
  /** {@inheritDoc set} */
  set,
  /** {@inheritDoc timer} */
  timer,
  /** {@inheritDoc time} */
  time,
  /** {@inheritDoc wraps} */
  wraps,
  /** {@inheritDoc withTags} */
  withTags,
  /** {@inheritDoc addGlobalTags} */
  addGlobalTags,
  /** {@inheritDoc event} */
  event,
  /** {@inheritDoc configure} */
  configure,
  /** {@inheritDoc getBackend} */
  getBackend,
  /** {@inheritDoc flush} */
  flush,
  /** {@inheritDoc close} */
  close,
  /** {@inheritDoc configureFromEnv} */
  configureFromEnv,
};
