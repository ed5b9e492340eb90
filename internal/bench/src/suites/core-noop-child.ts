// Entry point of a child process: measures the no-op trio with the loops of the calling module
// named by the argument (`esm` or `commonjs`), under the Node binary and flags the parent chose
// (e.g. `--no-turbo-inlining`), and sends the result back over IPC.
import {
  describeRuntime,
  measureNoopTrio,
  type NoopLoops,
  type NoopMeasurement,
} from "./core-noop.js";

// Only the chosen module is loaded, so the process holds one copy of @metrics/core.
const loops: NoopLoops =
  process.argv[2] === "commonjs"
    ? await import("./core-noop-loops-cjs.cjs")
    : await import("./core-noop-loops.js");

const measurement: NoopMeasurement = {
  runtime: describeRuntime(),
  trio: await measureNoopTrio(loops),
};
process.send?.(measurement);
