/**
 * 100 contexts: 10 keys × 10 routes, each with 2 tags. Built once so the loop only calls. Each key
 * and route is one string, as at an application's call sites (a literal key, a route from the
 * router's table), not a fresh copy per context.
 */
export const CONTEXTS = 100;

const KEYS = Array.from({ length: 10 }, (_, key) => `bench.requests.k${key}`);
const ROUTES = Array.from({ length: 10 }, (_, route) => `r${route}`);

export const CONTEXT_KEYS: string[] = [];
export const CONTEXT_TAGS: Array<Record<string, string>> = [];
/** The same tags as `key:value` strings, for clients that take arrays. */
export const CONTEXT_TAG_LISTS: string[][] = [];

for (let context = 0; context < CONTEXTS; context++) {
  CONTEXT_KEYS.push(KEYS[context % 10]!);
  const tags = { route: ROUTES[Math.floor(context / 10)]!, status: "200" };
  CONTEXT_TAGS.push(tags);
  CONTEXT_TAG_LISTS.push(Object.entries(tags).map(([name, value]) => `${name}:${value}`));
}

/** A value in milliseconds for call `i`: integers 1..1000, so sums are exact. */
export function millisecondsOf(i: number): number {
  return (i % 1000) + 1;
}

/** What the sink must have received after `calls` calls of a workload. */
export interface Expected {
  counterTotal?: number;
  values?: number;
  valueSum?: number;
}

export function expectedCounters(calls: number): Expected {
  return { counterTotal: calls };
}

export function expectedValues(calls: number): Expected {
  let valueSum = 0;
  for (let i = 0; i < calls; i++) valueSum += millisecondsOf(i);
  return { values: calls, valueSum };
}
