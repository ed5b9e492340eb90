// Entry point of a child process: measures the no-op trio under the flags the parent chose
// (e.g. `--no-turbo-inlining`) and sends the result back over IPC.
import { measureNoopTrio } from "./core-noop.js";

process.send?.(await measureNoopTrio());
