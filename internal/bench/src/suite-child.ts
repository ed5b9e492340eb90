// Entry point of the child process `main` starts for each suite: a fresh process, so the type
// feedback V8 gathered in one suite (the core suite calls the facade with many backends) cannot
// slow down the next one, where an application would have a single backend.
import { SUITES } from "./suites/index.js";

const suite = SUITES.find((candidate) => candidate.name === process.argv[2]);
if (!suite) throw new Error(`unknown suite ${process.argv[2]}`);
process.send?.(await suite.run());
