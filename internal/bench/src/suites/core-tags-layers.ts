import { configure, incr, type MetricsBackend, type Tags, withTags } from "@metrics/core";
import { filter, limitCardinality, route } from "@metrics/core/layers";
import { type BatchTask, runBatches } from "../harness/batched-bench.js";
import { formatNs, formatRatio, renderTable, verdict } from "../report/table.js";

const KEY = "bench.tags";
const CALLS = 1000;
const ROUNDS = 3;
const resolved = Promise.resolve();

/** A backend that reads every tag, as an aggregating transport does when it builds a context. */
class TagReadingBackend implements MetricsBackend {
  total = 0;
  #read(key: string, tags: Tags): void {
    let size = key.length;
    for (const name in tags) size += name.length + tags[name]!.length;
    this.total += size;
  }
  incr(key: string, _amount: number, tags: Tags): void {
    this.#read(key, tags);
  }
  gauge(key: string, _value: number, tags: Tags): void {
    this.#read(key, tags);
  }
  distribution(key: string, _value: number, tags: Tags): void {
    this.#read(key, tags);
  }
  timing(key: string, _seconds: number, tags: Tags): void {
    this.#read(key, tags);
  }
  set(key: string, _member: string | number, tags: Tags): void {
    this.#read(key, tags);
  }
  flush(): Promise<void> {
    return resolved;
  }
  close(): Promise<void> {
    return resolved;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Call tags written inline, a new object per call, as application code writes them.
function sixInline(): number {
  for (let i = 0; i < CALLS; i++) {
    incr(KEY, {
      tags: { a: "1", b: "2", service: "api", region: "eu", route: "/u", method: "GET" },
    });
  }
  return CALLS;
}

function twoInline(): number {
  for (let i = 0; i < CALLS; i++) incr(KEY, { tags: { a: "1", b: "2" } });
  return CALLS;
}

const GLOBAL = { service: "api", region: "eu" };
const SCOPE = { route: "/u", method: "GET" };

/** 6 call tags against 2 call + 2 global + 2 `withTags` tags: the same six tags reach the backend. */
async function measureScopedTags(): Promise<{ inline: number; scoped: number }> {
  const reading = new TagReadingBackend();
  const inline: number[] = [];
  const scoped: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    configure({ backend: reading, globalTags: {} });
    const a = await runBatches([{ name: "inline", ops: CALLS, run: sixInline }], { timeMs: 100 });
    inline.push(a.get("inline")!.nsPerOp);
    configure({ globalTags: GLOBAL });
    const task: BatchTask = { name: "scoped", ops: CALLS, run: () => withTags(SCOPE, twoInline) };
    const b = await runBatches([task], { timeMs: 100 });
    scoped.push(b.get("scoped")!.nsPerOp);
  }
  configure({ globalTags: {} });
  if (reading.total === 0) throw new Error("the tag-reading backend received nothing");
  return { inline: median(inline), scoped: median(scoped) };
}

/** Ten tag sets, as a facade would hand them on (read-only objects), cycled through. */
const TAG_SETS: Tags[] = Array.from({ length: 10 }, (_, i) =>
  Object.freeze({ route: `/r${i}`, method: "GET" }),
);

// One loop per row, so that each call site sees one backend class.
function direct(backend: MetricsBackend): () => number {
  return () => {
    for (let i = 0; i < CALLS; i++) backend.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  };
}
function viaRoute(backend: MetricsBackend): () => number {
  return () => {
    for (let i = 0; i < CALLS; i++) backend.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  };
}
function viaFilter(backend: MetricsBackend): () => number {
  return () => {
    for (let i = 0; i < CALLS; i++) backend.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  };
}
function viaLimit(backend: MetricsBackend): () => number {
  return () => {
    for (let i = 0; i < CALLS; i++) backend.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  };
}

/** ns per `incr` on the tag-reading backend, straight and through each layer. */
async function measureLayers(): Promise<Map<string, number>> {
  const reading = new TagReadingBackend();
  const other = new TagReadingBackend();
  const limited = limitCardinality(reading, { maxTagSets: 1000 });
  const tasks: BatchTask[] = [
    { name: "backend", ops: CALLS, run: direct(reading) },
    {
      name: "route",
      ops: CALLS,
      // Two routes that do not match, then the fallback: the longest path of a small table.
      run: viaRoute(
        route(
          [
            { prefixes: ["billing.", "ingest."], backend: other },
            { prefixes: ["bench."], types: ["distribution"], backend: other },
          ],
          reading,
        ),
      ),
    },
    {
      name: "filter",
      ops: CALLS,
      run: viaFilter(
        filter(reading, { denyPrefixes: ["debug."], denyTags: ["user_id", /^(?!org_id$).*_id$/] }),
      ),
    },
    { name: "limitCardinality", ops: CALLS, run: viaLimit(limited) },
  ];
  const rounds: Map<string, number[]> = new Map(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const results = await runBatches(tasks, { timeMs: 100 });
    for (const [name, result] of results) rounds.get(name)!.push(result.nsPerOp);
  }
  await limited.close();
  return new Map([...rounds].map(([name, values]) => [name, median(values)]));
}

/** The scoped-tag and layer rows of the core suite, as Markdown. */
export async function tagsAndLayersSection(): Promise<string> {
  const { inline, scoped } = await measureScopedTags();
  const layers = await measureLayers();
  const backend = layers.get("backend")!;
  const layerRows = ["route", "filter", "limitCardinality"].map((name) => {
    const ns = layers.get(name)!;
    return { name, ns, over: ns - backend };
  });
  return [
    "#### Global and `withTags` tags against the same tags inline",
    "",
    renderTable({
      headers: ["call", "ns"],
      rows: [
        ["`incr`, 6 call tags", formatNs(inline)],
        ["`incr`, 2 call + 2 global + 2 `withTags` tags", formatNs(scoped)],
      ],
      alignRight: [false, true],
    }),
    "",
    verdict(
      scoped <= 1.25 * inline,
      "scoped and global tags ≤ 1.25× the same six tags inline",
      `${formatNs(scoped)} vs ${formatNs(inline)} ns (${formatRatio(scoped / inline)})`,
    ),
    "",
    "Call tags are written in the call, a new object each time; the backend reads every tag (as an aggregating transport does). Median of 3 rounds.",
    "",
    "#### Layers (`@metrics/core/layers`): ns per `incr` over the backend they wrap",
    "",
    renderTable({
      headers: ["backend", "ns", "over the backend"],
      rows: [
        ["tag-reading backend", formatNs(backend), "—"],
        ...layerRows.map(({ name, ns, over }) => [
          `\`${name}\`(backend)`,
          formatNs(ns),
          formatNs(over),
        ]),
      ],
      alignRight: [false, true, true],
    }),
    "",
    ...layerRows.map(({ name, over }) =>
      verdict(over <= 15, `\`${name}\` ≤ 15 ns over the backend`, `${formatNs(over)} ns`),
    ),
    "",
    "`backend.incr(key, 1, tags, 1)` called directly with one of 10 read-only tag sets of 2 tags; `route`: two routes that do not match, then the fallback; `filter`: deny prefixes and two deny-tag rules (a name and a pattern) that match no tag; `limitCardinality`: 10 tag sets under a cap of 1,000. Median of 3 interleaved rounds.",
  ].join("\n");
}
