import type { MetricsBackend } from "@metrics/core";

export type BackendClass<Options> = new (options: Options) => MetricsBackend;

/** A transport class, or why it cannot be used (not built yet, export missing, ...). */
export type Loaded<Options> =
  | { ok: true; Backend: BackendClass<Options> }
  | { ok: false; reason: string };

/**
 * Imports one of our transports by package name. A transport that is not built or lacks the
 * export yields a reason, so the suite prints "not available" instead of failing the run.
 */
export async function loadTransport<Options>(
  specifier: string,
  exportName: string,
): Promise<Loaded<Options>> {
  try {
    const module = (await import(specifier)) as Record<string, unknown>;
    const Backend = module[exportName];
    if (typeof Backend !== "function") {
      return { ok: false, reason: `${specifier} does not export ${exportName} yet` };
    }
    return { ok: true, Backend: Backend as BackendClass<Options> };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, reason: `${specifier} cannot be imported (${message})` };
  }
}
