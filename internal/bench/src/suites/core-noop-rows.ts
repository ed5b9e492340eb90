import { runInChild, siblingPath } from "../harness/child.js";
import { resolveNodeBinary } from "../harness/node-binary.js";
import {
  describeRuntime,
  measureNoopTrio,
  type NoopMeasurement,
  type NoopTrio,
} from "./core-noop.js";
import * as esmLoops from "./core-noop-loops.js";

/** How the calling module gets `metrics`: an ES-module import or `require`. */
export type CallerModules = "ESM" | "CommonJS";

/** One row of the no-op comparison: where it ran, and what it measured or why it could not. */
export type NoopRow = {
  runtime: string;
  callers: CallerModules;
  inlined: boolean;
} & ({ trio: NoopTrio } | { unavailable: string });

/** Node majors besides this process's own whose ES-module callers are measured too. */
const OTHER_NODE_MAJORS = [22, 24].filter(
  (major) => major !== Number(process.versions.node.split(".")[0]),
);

const NOOP_CHILD = siblingPath(import.meta.url, "./core-noop-child.ts");

function runNoopChild(
  callers: CallerModules,
  nodeFlags: string[] = [],
  execPath?: string,
): Promise<NoopMeasurement> {
  const argument = callers === "CommonJS" ? "commonjs" : "esm";
  return runInChild<NoopMeasurement>(NOOP_CHILD, [argument], nodeFlags, { execPath });
}

/** A row for another Node major; unavailable (with the reason) when it cannot be fetched or run. */
async function otherMajorRow(major: number): Promise<NoopRow> {
  const row = { callers: "ESM", inlined: true } as const;
  try {
    const execPath = await resolveNodeBinary(major);
    const { runtime, trio } = await runNoopChild("ESM", [], execPath);
    return { ...row, runtime, trio };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...row, runtime: `Node ${major}`, unavailable: reason.split("\n")[0]! };
  }
}

/**
 * Measures every row, one after another so no two compete for the CPU: ES-module callers in
 * this process (inlined) and in a child without inlining, CommonJS callers in a child, and
 * ES-module callers on other Node majors, each in a child.
 */
export async function measureNoopRows(): Promise<NoopRow[]> {
  const rows: NoopRow[] = [];
  rows.push({
    runtime: describeRuntime(),
    callers: "ESM",
    inlined: true,
    trio: await measureNoopTrio(esmLoops),
  });
  const notInlined = await runNoopChild("ESM", ["--no-turbo-inlining"]);
  rows.push({ ...notInlined, callers: "ESM", inlined: false });
  const commonJs = await runNoopChild("CommonJS");
  rows.push({ ...commonJs, callers: "CommonJS", inlined: true });
  for (const major of OTHER_NODE_MAJORS) rows.push(await otherMajorRow(major));
  return rows;
}
