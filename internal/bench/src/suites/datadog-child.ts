// Entry point of the child process that runs the Datadog comparison (see `datadogSuite`).
import { compareDatadog } from "./datadog.js";

process.send?.(await compareDatadog());
