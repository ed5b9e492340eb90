import type { ConfigureOptions } from "../index.js";
import { configError } from "./config-error.js";

/**
 * `METRICS_OPTIONS` as an object. A parse error names the position, never the text: the JSON
 * may hold an API key, and `JSON.parse`'s own message quotes it on recent Node versions.
 *
 * @example
 * readOptions('{"host":"127.0.0.1"}'); // { host: "127.0.0.1" }
 */
export function readOptions(json: string | undefined): Record<string, unknown> {
  if (json === undefined || json.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    const position = /position (\d+)/.exec(String((error as Error | null)?.message))?.[1];
    const where = position === undefined ? "" : ` at character ${Number(position) + 1}`;
    throw configError(
      `METRICS_OPTIONS is not valid JSON${where} (${json.length} characters); set it to an object such as {"host":"127.0.0.1"}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const given = Array.isArray(parsed) ? "an array" : parsed === null ? "null" : typeof parsed;
    throw configError(
      `METRICS_OPTIONS must be a JSON object such as {"host":"127.0.0.1"}, got ${given}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * `METRICS_PREFIX` and `METRICS_SAMPLE_RATE` as `configure` options; unset ones are left out.
 *
 * @example
 * readFacadeOptions({ METRICS_PREFIX: "svc", METRICS_SAMPLE_RATE: "0.5" }); // { prefix: "svc", sampleRate: 0.5 }
 */
export function readFacadeOptions(env: Record<string, string | undefined>): ConfigureOptions {
  const config: ConfigureOptions = {};
  const prefix = env.METRICS_PREFIX;
  if (prefix !== undefined) {
    if (/\s/.test(prefix)) {
      throw configError(
        `METRICS_PREFIX must not contain spaces or other whitespace, got ${JSON.stringify(prefix)}`,
      );
    }
    config.prefix = prefix;
  }
  const rate = env.METRICS_SAMPLE_RATE;
  if (rate !== undefined && rate !== "") {
    const value = Number(rate);
    if (rate.trim() === "" || !(value > 0 && value <= 1)) {
      throw configError(
        `METRICS_SAMPLE_RATE must be a number in (0, 1], such as 0.5; got ${JSON.stringify(rate)}`,
      );
    }
    config.sampleRate = value;
  }
  return config;
}
