import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Whether `error` says that `wanted` (a package name or a file path) itself was not found. */
function isNotFound(error: unknown, wanted: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  // A module that was found but lacks one of its own dependencies fails with the same code;
  // that error names the other module, and is passed on as it is.
  return String(message).includes(wanted);
}

/** The package part of a bare specifier: `@acme/x/y` → `@acme/x`, `acme/y` → `acme`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
}

/**
 * Loads the module `specifier` names, or resolves to `undefined` if it is not there. A path is
 * taken from the working directory. A package is looked up from core's own location first, then
 * from the application's working directory: under pnpm's strict layout core cannot see packages
 * it does not depend on, but the application can.
 *
 * @example
 * const module = await loadBackendModule("@metrics/statsd"); // undefined if not installed
 */
export async function loadBackendModule(
  specifier: string,
): Promise<Record<string, unknown> | undefined> {
  if (/^(\.{1,2}\/|\/)/.test(specifier)) {
    const path = resolve(specifier);
    try {
      return await import(pathToFileURL(path).href);
    } catch (error) {
      if (isNotFound(error, path)) return undefined;
      throw error;
    }
  }
  const pkg = packageName(specifier);
  try {
    return await import(specifier);
  } catch (error) {
    if (!isNotFound(error, pkg)) throw error;
  }
  try {
    const fromApp = createRequire(join(process.cwd(), "package.json")).resolve(specifier);
    return await import(pathToFileURL(fromApp).href);
  } catch (error) {
    if (isNotFound(error, pkg)) return undefined;
    throw error;
  }
}
