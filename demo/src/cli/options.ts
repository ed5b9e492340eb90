/** The demo's command line: `--backend`, `--duration`, `--json`, `--help`. */
import { parseArgs } from "node:util";
import { closestName } from "@metrics/transport";
import { BACKENDS, type BackendName } from "../backend.js";

export const USAGE = `usage: npm run demo -- [options]

  --backend=NAME    ${BACKENDS.slice(0, 4).join(", ")},
                    ${BACKENDS.slice(4).join(", ")} (default statsd)
  --duration=SECS   seconds of traffic, up to 50 (default 12)
  --json            print the summary (sent against received) as JSON at the end
  --help            print this and exit`;

const FLAGS = {
  backend: { type: "string", default: "statsd" },
  duration: { type: "string", default: "12" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

export interface DemoOptions {
  backend: BackendName;
  durationMs: number;
  json: boolean;
  help: boolean;
}

/**
 * A mistake on the command line: main prints the message and the usage, and exits 2.
 *
 * @example
 * throw new UsageError("unknown option --durration; did you mean --duration?");
 */
export class UsageError extends Error {}

/** The flag the user probably meant, for a message: `--durration` → `--duration`. */
function didYouMean(given: string, names: readonly string[], prefix = ""): string {
  const guess = closestName(given, names);
  return guess === undefined ? "" : `; did you mean ${prefix}${guess}?`;
}

/**
 * The options from the command line; a mistake throws a `UsageError` naming the closest flag.
 *
 * @example
 * readOptions(["--backend=datadog", "--duration=5"]); // { backend: "datadog", durationMs: 5000, ... }
 */
export function readOptions(args: string[]): DemoOptions {
  let values: { backend: string; duration: string; json: boolean; help: boolean };
  try {
    ({ values } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    const unknown = /Unknown option '(--?[^']+)'/.exec(String((error as Error).message))?.[1];
    if (unknown !== undefined) {
      const name = unknown.replace(/^-+/, "").split("=")[0] ?? "";
      throw new UsageError(
        `unknown option ${unknown}${didYouMean(name, Object.keys(FLAGS), "--")}`,
      );
    }
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { backend: "statsd", durationMs: 0, json: false, help: true };
  const backend = BACKENDS.find((name) => name === values.backend);
  if (backend === undefined) {
    throw new UsageError(
      `--backend=${values.backend} is not one of ${BACKENDS.join(", ")}${didYouMean(values.backend, BACKENDS)}`,
    );
  }
  const seconds = Number(values.duration);
  if (!(seconds > 0 && seconds <= 50)) {
    throw new UsageError(`--duration=${values.duration}: give 0 to 50 seconds of traffic`);
  }
  return { backend, durationMs: seconds * 1000, json: values.json, help: false };
}
