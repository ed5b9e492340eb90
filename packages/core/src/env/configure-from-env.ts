import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
// Imported through the entries, which the build keeps external: one copy of each class.
import { type ConfigureOptions, configure, type MetricsBackend, noopBackend } from "../index.js";
import { LoggingBackend } from "../logging.js";

/** The transports `METRICS_BACKEND` names, and the class each package exports. */
const TRANSPORTS: Record<string, [specifier: string, className: string]> = {
  statsd: ["@metrics/statsd", "StatsdBackend"],
  dogstatsd: ["@metrics/dogstatsd", "DogStatsdBackend"],
  datadog: ["@metrics/datadog", "DatadogBackend"],
};

function parseOptions(json: string | undefined): Record<string, unknown> {
  if (json === undefined || json.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `METRICS_OPTIONS is not valid JSON (${(error as Error).message}); set it to an object such as {"host":"127.0.0.1"}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error('METRICS_OPTIONS must be a JSON object such as {"host":"127.0.0.1"}');
  }
  return parsed as Record<string, unknown>;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

/**
 * Loads a backend module. Package names are looked up from core's own location first, then from
 * the application's working directory: under pnpm's strict layout core cannot see packages it
 * does not depend on, but the application can.
 */
async function load(specifier: string, variable: string): Promise<Record<string, unknown>> {
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    return import(pathToFileURL(resolve(specifier)).href);
  }
  try {
    return await import(specifier);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    const fromApp = createRequire(join(process.cwd(), "package.json")).resolve(specifier);
    return await import(pathToFileURL(fromApp).href);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new Error(
      `${variable} needs the package "${specifier}", which is not installed: run \`npm install ${specifier}\``,
    );
  }
}

function isBackend(value: unknown): value is MetricsBackend {
  return typeof (value as MetricsBackend | null)?.incr === "function";
}

/** A backend from what a module exports: an instance, a class, or a (possibly async) factory. */
async function instantiate(exported: unknown, options: Record<string, unknown>, source: string) {
  if (isBackend(exported)) return exported;
  if (typeof exported === "function") {
    const made = isBackend(exported.prototype)
      ? new (exported as new (o: unknown) => unknown)(options)
      : await exported(options);
    if (isBackend(made)) return made;
  }
  throw new Error(
    `${source} does not export a MetricsBackend: export default an instance, a class or a factory function`,
  );
}

/**
 * The body of `configureFromEnv`, in a module of its own that the facade loads on first use, so
 * the entry every service imports stays small.
 *
 * Configures metrics from the environment: `METRICS_BACKEND` (`noop`, `logging`, `statsd`,
 * `dogstatsd`, `datadog` or a module specifier), `METRICS_OPTIONS` (JSON for the backend's
 * constructor), `METRICS_PREFIX` and `METRICS_SAMPLE_RATE`. Transports are loaded on demand.
 * Misconfiguration rejects with an error that names the fix.
 */
export async function configureFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<MetricsBackend> {
  const name = env.METRICS_BACKEND?.trim() || "noop";
  const options = parseOptions(env.METRICS_OPTIONS);
  const config: ConfigureOptions = {};
  if (env.METRICS_PREFIX !== undefined) config.prefix = env.METRICS_PREFIX;
  if (env.METRICS_SAMPLE_RATE !== undefined && env.METRICS_SAMPLE_RATE !== "") {
    const rate = Number(env.METRICS_SAMPLE_RATE);
    if (!(rate > 0 && rate <= 1)) {
      throw new RangeError(
        `METRICS_SAMPLE_RATE must be a number in (0, 1], got "${env.METRICS_SAMPLE_RATE}"`,
      );
    }
    config.sampleRate = rate;
  }

  let backend: MetricsBackend;
  if (name === "noop") {
    backend = noopBackend;
  } else if (name === "logging") {
    backend = new LoggingBackend(options);
  } else {
    const transport = TRANSPORTS[name];
    const variable = `METRICS_BACKEND=${name}`;
    const module = await load(transport?.[0] ?? name, variable);
    const exported = transport ? module[transport[1]] : (module.default ?? module.backend);
    backend = await instantiate(exported, options, `The module "${name}"`);
  }
  config.backend = backend;
  configure(config);
  return backend;
}
