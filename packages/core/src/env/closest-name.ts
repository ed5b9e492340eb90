/**
 * Edit distance (Levenshtein: insertions, deletions, substitutions) between two strings, in
 * O(a × b) time and O(b) memory. Written here rather than taken from a package because core has
 * no dependencies; the names compared are short.
 *
 * @example
 * editDistance("statd", "statsd"); // 1
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The name in `names` closest to `given` (case ignored), if it is close enough to be a likely
 * typo: at most a third of its length away (and at least 1), so `statd` suggests `statsd` but
 * `kafka` suggests nothing.
 *
 * @example
 * closestName("statd", ["statsd", "dogstatsd"]); // "statsd"
 * closestName("kafka", ["statsd", "dogstatsd"]); // undefined
 */
export function closestName(given: string, names: readonly string[]): string | undefined {
  const lowered = given.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(lowered, name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  const allowed = Math.max(1, Math.floor((best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}
