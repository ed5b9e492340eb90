// Imported through the entries, which the build keeps external: one copy of each class.
import { configure, type MetricsBackend, noopBackend } from "../index.js";
import { LoggingBackend } from "../logging.js";
import { BACKEND_NAMES, isModuleSpecifier, TRANSPORTS } from "./backend-names.js";
import { closestName } from "./closest-name.js";
import { configError } from "./config-error.js";
import { loadBackendModule } from "./load-backend-module.js";
import { readFacadeOptions, readOptions } from "./read-env.js";

function isBackend(value: unknown): value is MetricsBackend {
  return typeof (value as MetricsBackend | null)?.incr === "function";
}

/** `METRICS_BACKEND` names no backend we know and no module that exists. */
function unknownBackend(name: string): TypeError {
  const closest = closestName(name, BACKEND_NAMES);
  const suggestion = closest === undefined ? "" : ` Did you mean ${closest}?`;
  return configError(
    `METRICS_BACKEND=${JSON.stringify(name)} is neither a backend name nor an installed module.${suggestion} ` +
      `The names are ${BACKEND_NAMES.join(", ")}; a backend of your own is named by its module ` +
      `specifier, such as ./metrics-backend.js or @acme/metrics-backend.`,
  );
}

/** The module `METRICS_BACKEND` names, and what it exports as the backend. */
async function findExport(name: string): Promise<unknown> {
  const transport = TRANSPORTS[name];
  if (transport !== undefined) {
    const [pkg, className] = transport;
    const module = await loadBackendModule(pkg);
    if (module === undefined) {
      throw configError(
        `METRICS_BACKEND=${name} needs the package "${pkg}", which is not installed: run \`npm install ${pkg}\``,
      );
    }
    return module[className];
  }
  const module = await loadBackendModule(name);
  if (module === undefined) {
    if (!isModuleSpecifier(name)) throw unknownBackend(name);
    throw configError(
      `METRICS_BACKEND=${JSON.stringify(name)}: no such module, looked up from @metrics/core and from ${process.cwd()}`,
    );
  }
  return module.default ?? module.backend;
}

/** A backend from what a module exports: an instance, a class, or a (possibly async) factory. */
async function instantiate(
  exported: unknown,
  options: Record<string, unknown>,
  name: string,
): Promise<MetricsBackend> {
  if (isBackend(exported)) return exported;
  if (typeof exported === "function") {
    let made: unknown;
    try {
      made = isBackend(exported.prototype)
        ? new (exported as new (o: unknown) => unknown)(options)
        : await exported(options);
    } catch (error) {
      // The constructor names the option; say which variable it came from.
      const source = Object.keys(options).length > 0 ? "METRICS_OPTIONS" : "METRICS_BACKEND";
      const reason = error instanceof Error ? error.message : String(error);
      throw configError(`${source} (METRICS_BACKEND=${name}): ${reason}`, error);
    }
    if (isBackend(made)) return made;
  }
  throw configError(
    `METRICS_BACKEND=${JSON.stringify(name)}: the module does not export a MetricsBackend; export default an instance, a class or a factory function`,
  );
}

/**
 * The body of `configureFromEnv`, in a module of its own that the facade loads on first use, so
 * the entry every service imports stays small. See the facade's `configureFromEnv`.
 *
 * @example
 * const backend = await configureFromEnv({ METRICS_BACKEND: "logging", METRICS_PREFIX: "svc" });
 */
export async function configureFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<MetricsBackend> {
  const name = env.METRICS_BACKEND?.trim() ?? "";
  const optionsJson = env.METRICS_OPTIONS ?? "";
  if (name === "" && optionsJson.trim() !== "") {
    throw configError(
      `METRICS_OPTIONS is set but METRICS_BACKEND is not: set METRICS_BACKEND to the backend these options are for (${BACKEND_NAMES.join(", ")} or a module specifier)`,
    );
  }
  const options = readOptions(optionsJson);
  const config = readFacadeOptions(env);

  if (name === "" || name === "noop") {
    config.backend = noopBackend;
  } else if (name === "logging") {
    config.backend = await instantiate(LoggingBackend, options, name);
  } else {
    config.backend = await instantiate(await findExport(name), options, name);
  }
  configure(config);
  return config.backend;
}
