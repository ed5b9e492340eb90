import { close, configure, distribution, incr, type MetricsBackend, timing } from "@metrics/core";
import type { CallRange } from "../harness/timed-calls.js";
import type { WorkloadKind } from "./hot-shots-client.js";
import type { ClientUnderTest } from "./measure-client.js";
import { CONTEXT_KEYS, CONTEXT_TAGS, CONTEXTS, millisecondsOf } from "./workloads.js";

/**
 * One of our transports as an application uses it: configured once, called through the facade
 * (`incr(key, { tags })`), closed with the facade's `close()`. Durations go in as seconds.
 */
export function facadeClient(
  kind: WorkloadKind,
  makeBackend: (onError: () => void) => MetricsBackend,
): ClientUnderTest {
  let errors = 0;
  const backend = makeBackend(() => {
    errors++;
  });
  configure({ backend });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            incr(CONTEXT_KEYS[context]!, { tags: CONTEXT_TAGS[context] });
          }
        }
      : kind === "timing"
        ? (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              timing(CONTEXT_KEYS[context]!, millisecondsOf(i) / 1000, {
                tags: CONTEXT_TAGS[context],
              });
            }
          }
        : (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              distribution(CONTEXT_KEYS[context]!, millisecondsOf(i), {
                tags: CONTEXT_TAGS[context],
              });
            }
          };
  return { callRange, close, errors: () => errors };
}
