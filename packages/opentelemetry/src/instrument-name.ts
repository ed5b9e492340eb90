/** The longest instrument name OpenTelemetry accepts. */
export const MAX_NAME_LENGTH = 255;

const INVALID = /[^A-Za-z0-9_.\-/]/g;

/**
 * A key as a valid OpenTelemetry instrument name (`^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$`): every
 * other character becomes `_`, and a name that does not start with a letter gets `metric_` in
 * front. Returns `undefined` for a name longer than 255 characters, which the caller drops and
 * reports (cutting it would merge it with another key).
 *
 * @example
 * instrumentName("http.requests:2xx"); // "http.requests_2xx"
 * instrumentName("5xx.count"); // "metric_5xx.count"
 */
export function instrumentName(key: string): string | undefined {
  let name = key.replace(INVALID, "_");
  if (!/^[A-Za-z]/.test(name)) name = `metric_${name}`;
  return name.length > MAX_NAME_LENGTH ? undefined : name;
}
