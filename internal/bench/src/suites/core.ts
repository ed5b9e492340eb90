// The facade's claims: a no-op `incr` costs about an empty function and no more than
// OpenTelemetry's no-op (one row per Node major); global and `withTags` tags cost ≤ 1.25× the
// same tags inline; each layer adds ≤ 15 ns over the backend it wraps.
import { execFileSync } from "node:child_process";
import { configure, incr, type MetricsBackend, metrics, type Tags, withTags } from "@metrics/core";
import { filter, limitCardinality, route } from "@metrics/core/layers";
import { metrics as otelMetrics } from "@opentelemetry/api";
import { interleaved, ReadingBackend, runInChild, type SuiteReport } from "../harness.js";
import { Findings, formatNumber } from "../report.js";

// One loop per contender, so V8 compiles each as a function of its own, as it does an
// application's hot function; each builds its arguments per call and returns a value.
function emptyFunction(_key: string, _options?: { tags?: Record<string, string> }): void {}
const otelCounter = otelMetrics.getMeter("bench").createCounter("k"); // no SDK: the no-op
const NOOP_LOOPS = {
  incr(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; sum += i, i++) metrics.incr("k", { tags: { a: "b" } });
    return sum;
  },
  empty(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; sum += i, i++) emptyFunction("k", { tags: { a: "b" } });
    return sum;
  },
  otel(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; sum += i, i++) otelCounter.add(1, { a: "b" });
    return sum;
  },
};
type NoopRow = { runtime: string; ns?: Record<keyof typeof NOOP_LOOPS, number>; reason?: string };

// Each Node major runs this module in a child with the argument `noop`: measure, answer, exit.
if (process.argv[2] === "noop") {
  const batches = Object.entries(NOOP_LOOPS).map(([name, loop]) => [name, () => loop(10_000)]);
  const ns = interleaved(Object.fromEntries(batches), 10_000, { ms: 200 });
  process.send?.({ runtime: `Node ${process.version}, V8 ${process.versions.v8.slice(0, 4)}`, ns });
}

const THIS_MAJOR = Number(process.versions.node.split(".")[0]);

/** The no-op rows on Node `major` (this binary, or one from `npx node@major`), or why not. */
async function noopOn(major: number): Promise<NoopRow> {
  try {
    const npx = () =>
      execFileSync("npx", ["-y", `node@${major}`, "-p", "process.execPath"], {
        timeout: 120_000,
        stdio: ["ignore", "pipe", "ignore"],
      });
    const execPath = major === THIS_MAJOR ? process.execPath : npx().toString().trim();
    return await runInChild<NoopRow>(new URL(import.meta.url).pathname, ["noop"], { execPath });
  } catch (error) {
    return { runtime: `Node ${major}`, reason: String(error).split("\n")[0]!.slice(0, 120) };
  }
}

const KEY = "bench.tags";
const CALLS = 1000;

/** `incr` with 6 tags written in the call, against 2 call + 2 global + 2 `withTags` tags. */
function scopedTags(): Record<string, number> {
  const backend = new ReadingBackend();
  const twoInline = () => {
    for (let i = 0; i < CALLS; i++) incr(KEY, { tags: { a: "1", b: "2" } });
    return CALLS;
  };
  const inline = () => {
    for (let i = 0; i < CALLS; i++) {
      incr(KEY, {
        tags: { a: "1", b: "2", service: "api", region: "eu", route: "/u", method: "GET" },
      });
    }
    return CALLS;
  };
  const global = (name: string) => (name === "scoped" ? { service: "api", region: "eu" } : {});
  configure({ backend, globalTags: {} });
  const scoped = () => withTags({ route: "/u", method: "GET" }, twoInline);
  const ns = interleaved({ inline, scoped }, CALLS, {
    ms: 100,
    before: (name) => configure({ globalTags: global(name) }),
  });
  configure({ globalTags: {} });
  if (backend.read === 0) throw new Error("the reading backend received nothing");
  return ns;
}

/** Ten read-only tag sets of 2 tags, as the facade hands them on. */
const TAG_SETS: Tags[] = Array.from({ length: 10 }, (_, i) =>
  Object.freeze({ route: `/r${i}`, method: "GET" }),
);

// One loop per row (a closure factory's closures would share type feedback), so each call
// site sees one backend class, as in an application.
const LAYER_LOOPS = {
  backend: (b: MetricsBackend) => () => {
    for (let i = 0; i < CALLS; i++) b.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  },
  route: (b: MetricsBackend) => () => {
    for (let i = 0; i < CALLS; i++) b.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  },
  filter: (b: MetricsBackend) => () => {
    for (let i = 0; i < CALLS; i++) b.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  },
  limitCardinality: (b: MetricsBackend) => () => {
    for (let i = 0; i < CALLS; i++) b.incr(KEY, 1, TAG_SETS[i % 10]!, 1, undefined);
    return CALLS;
  },
};

async function layerCosts(): Promise<Record<string, number>> {
  const backend = new ReadingBackend();
  const other = new ReadingBackend();
  const limited = limitCardinality(backend, { maxTagSets: 1000 });
  const routes = [
    { prefixes: ["billing.", "ingest."], backend: other },
    { prefixes: ["bench."], types: ["distribution" as const], backend: other },
  ];
  const denyTags = ["user_id", /^(?!org_id$).*_id$/];
  const layers = {
    backend: LAYER_LOOPS.backend(backend),
    route: LAYER_LOOPS.route(route(routes, backend)),
    filter: LAYER_LOOPS.filter(filter(backend, { denyPrefixes: ["debug."], denyTags })),
    limitCardinality: LAYER_LOOPS.limitCardinality(limited),
  };
  const ns = interleaved(layers, CALLS, { ms: 100 });
  await limited.close();
  return ns;
}

export async function run(): Promise<SuiteReport> {
  const noop: NoopRow[] = [];
  for (const major of new Set([THIS_MAJOR, 22, 24])) noop.push(await noopOn(major));
  const tags = scopedTags();
  const layer = await layerCosts();
  const found = new Findings();
  for (const { runtime, ns, reason } of noop) {
    const subject = `${runtime}: no-op \`incr\``;
    if (!ns) found.rows.push([subject, `not measured: ${reason}`]);
    else {
      const vs = (baseline: string) => `${subject} vs ${baseline}`;
      const [empty, otel] = ["an empty function", "OTel's no-op `add`"];
      const options = { subject, baseline: empty, limit: 2, summary: false };
      found.within(vs(empty), [ns.incr, ns.empty], options);
      found.within(vs(otel), [ns.incr, ns.otel], { subject, baseline: otel, limit: 1 });
    }
  }
  const row = "`incr`, 2 call + 2 global + 2 `withTags` tags vs 6 tags in the call";
  const scoped = { subject: "global + `withTags` tags", baseline: "the same six tags inline" };
  found.within(row, [tags.scoped!, tags.inline!], { ...scoped, limit: 1.25 });
  for (const name of ["route", "filter", "limitCardinality"]) {
    const over = formatNumber(layer[name]! - layer.backend!);
    const cells = [formatNumber(layer[name]!), formatNumber(layer.backend!), `+${over} ns`];
    found.rows.push([`\`incr\` through \`${name}\` vs the backend directly`, ...cells]);
    const target = `\`${name}\` ≤ 15 ns over the backend`;
    const pass = layer[name]! - layer.backend! <= 15;
    found.check(pass, target, `${over} ns`, `\`${name}\`: ${over} ns over the backend`);
  }
  return found.report(
    "Core facade (`@metrics/core`)",
    "call | ns | baseline, ns | ours / baseline",
    'No-op rows: ns per call, loop included, of `metrics.incr("k", { tags: { a: "b" } })` with no backend configured, an empty function with the same arguments and OpenTelemetry\'s no-op `counter.add(1, { a: "b" })` (no SDK registered), from an ES module, V8 free to inline; median of 3 interleaved rounds of batches of 10,000 calls; each major in a child process (other majors: binaries from `npx node@N`).',
    "",
    "Tag and layer rows: `incr` on a backend that reads every tag. `route`: two routes that do not match, then the fallback; `filter`: a deny prefix and two deny-tag rules (a name, a pattern) matching no tag; `limitCardinality`: 10 tag sets under a cap of 1,000; the baseline is `backend.incr(key, 1, tags, 1)` called directly. Median of 3 interleaved rounds of batches of 1,000 calls.",
  );
}
