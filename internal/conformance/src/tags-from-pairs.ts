/**
 * Builds a tags record from decoded `[name, value]` pairs. Defines each property, so a tag named
 * `__proto__` stays a tag instead of replacing the record's prototype. Harnesses should use it.
 */
export function tagsFromPairs(pairs: Iterable<readonly [string, string]>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [name, value] of pairs) {
    Object.defineProperty(tags, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return tags;
}
