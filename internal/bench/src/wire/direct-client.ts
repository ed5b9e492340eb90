import type { MetricsBackend } from "@metrics/core";
import type { CallRange } from "../harness/timed-calls.js";
import type { WorkloadKind } from "./hot-shots-client.js";
import type { ClientUnderTest } from "./measure-client.js";
import { CONTEXT_KEYS, CONTEXT_TAGS, CONTEXTS, millisecondsOf } from "./workloads.js";

/**
 * One of our transports called directly through `MetricsBackend`, without the facade: the same
 * workload as `facadeClient`, to tell the transport's cost from the facade's.
 */
export function directClient(
  kind: WorkloadKind,
  makeBackend: (onError: () => void) => MetricsBackend,
): ClientUnderTest {
  let errors = 0;
  const backend = makeBackend(() => {
    errors++;
  });
  const callRange: CallRange =
    kind === "counter"
      ? (from, to) => {
          for (let i = from; i < to; i++) {
            const context = i % CONTEXTS;
            backend.incr(CONTEXT_KEYS[context]!, 1, CONTEXT_TAGS[context]!, 1, undefined);
          }
        }
      : kind === "timing"
        ? (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              backend.timing(
                CONTEXT_KEYS[context]!,
                millisecondsOf(i) / 1000,
                CONTEXT_TAGS[context]!,
                1,
              );
            }
          }
        : (from, to) => {
            for (let i = from; i < to; i++) {
              const context = i % CONTEXTS;
              backend.distribution(
                CONTEXT_KEYS[context]!,
                millisecondsOf(i),
                CONTEXT_TAGS[context]!,
                1,
                undefined,
              );
            }
          };
  return { callRange, close: () => backend.close(), errors: () => errors };
}
