// The facade's claims: a no-op `incr` costs about an empty function and no more than
// OpenTelemetry's no-op (one row per Node major); global and `withTags` tags cost ≤ 1.25× the
// same tags inline; each layer adds ≤ 15 ns over the backend it wraps.
import { execFileSync } from "node:child_process";
import { configure, incr, type MetricsBackend, metrics, type Tags, withTags } from "@metrics/core";
import { filter, limitCardinality, route } from "@metrics/core/layers";
import { metrics as otelMetrics } from "@opentelemetry/api";
import { interleaved, ReadingBackend, runInChild, type SuiteReport } from "../harness.js";
import { Findings, formatNumber } from "../report.js";

// One hand-written loop per contender, called from one shared site (nsPerOp), so V8 compiles
// each as a function of its own, as it does an application's hot function. Each builds its
// arguments per call, as callers write them, and returns a value so it cannot be dropped.
function emptyFunction(_key: string, _options?: { tags?: Record<string, string> }): void {}
const otelCounter = otelMetrics.getMeter("bench").createCounter("k"); // no SDK: the no-op
const NOOP_LOOPS = {
  incr(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      metrics.incr("k", { tags: { a: "b" } });
      sum += i;
    }
    return sum;
  },
  empty(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      emptyFunction("k", { tags: { a: "b" } });
      sum += i;
    }
    return sum;
  },
  otel(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      otelCounter.add(1, { a: "b" });
      sum += i;
    }
    return sum;
  },
};
type NoopRow = { runtime: string; ns?: Record<keyof typeof NOOP_LOOPS, number>; reason?: string };

function measureNoop(): NoopRow {
  const batches = Object.fromEntries(
    Object.entries(NOOP_LOOPS).map(([name, loop]) => [name, () => loop(10_000)]),
  );
  const ns = interleaved(batches, 10_000, { ms: 200 }) as NoopRow["ns"];
  return { runtime: `Node ${process.version}, V8 ${process.versions.v8.slice(0, 4)}`, ns };
}

// Another Node major runs this module with the argument `noop`: measure, answer, exit.
if (process.argv[2] === "noop") process.send?.(measureNoop());

/** The same row on Node `major`, a binary from `npx node@major`, or why not. */
async function noopOn(major: number): Promise<NoopRow> {
  try {
    const execPath = execFileSync("npx", ["-y", `node@${major}`, "-p", "process.execPath"], {
      timeout: 120_000,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    return await runInChild<NoopRow>(new URL(import.meta.url).pathname, ["noop"], { execPath });
  } catch (error) {
    return { runtime: `Node ${major}`, reason: String(error).split("\n")[0]!.slice(0, 120) };
  }
}

const KEY = "bench.tags";
const CALLS = 1000;

/** `incr` with 6 tags written in the call, against 2 call + 2 global + 2 `withTags` tags. */
function scopedTags(): { inline: number; scoped: number } {
  const backend = new ReadingBackend();
  configure({ backend, globalTags: {} });
  const scope = { route: "/u", method: "GET" };
  const twoInline = () => {
    for (let i = 0; i < CALLS; i++) incr(KEY, { tags: { a: "1", b: "2" } });
    return CALLS;
  };
  const ns = interleaved(
    {
      inline: () => {
        for (let i = 0; i < CALLS; i++) {
          incr(KEY, {
            tags: { a: "1", b: "2", service: "api", region: "eu", route: "/u", method: "GET" },
          });
        }
        return CALLS;
      },
      scoped: () => withTags(scope, twoInline),
    },
    CALLS,
    {
      ms: 100,
      before: (name) =>
        configure({ globalTags: name === "scoped" ? { service: "api", region: "eu" } : {} }),
    },
  );
  configure({ globalTags: {} });
  if (backend.read === 0) throw new Error("the reading backend received nothing");
  return { inline: ns.inline!, scoped: ns.scoped! };
}

/** Ten read-only tag sets of 2 tags, as the facade hands them on. */
const TAG_SETS: Tags[] = Array.from({ length: 10 }, (_, i) =>
  Object.freeze({ route: `/r${i}`, method: "GET" }),
);

// One loop per row (not one closure factory: its closures would share type feedback), so each
// call site sees one backend class, as in an application.
const BATCHES = {
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
  const ns = interleaved(
    {
      backend: BATCHES.backend(backend),
      route: BATCHES.route(route(routes, backend)),
      filter: BATCHES.filter(
        filter(backend, { denyPrefixes: ["debug."], denyTags: ["user_id", /^(?!org_id$).*_id$/] }),
      ),
      limitCardinality: BATCHES.limitCardinality(limited),
    },
    CALLS,
    { ms: 100 },
  );
  await limited.close();
  return ns;
}

export async function run(): Promise<SuiteReport> {
  const noop = [measureNoop()];
  const thisMajor = Number(process.versions.node.split(".")[0]);
  for (const major of [22, 24]) if (major !== thisMajor) noop.push(await noopOn(major));
  const tags = scopedTags();
  const layer = await layerCosts();
  const found = new Findings();
  for (const { runtime, ns, reason } of noop) {
    const subject = `${runtime}: no-op \`incr\``;
    if (!ns) {
      found.rows.push([subject, `not measured: ${reason}`]);
      continue;
    }
    const empty = { subject, baseline: "an empty function", limit: 2, summary: false };
    found.within(`${subject} vs an empty function`, [ns.incr, ns.empty], empty);
    const otel = { subject, baseline: "OTel's no-op `add`", limit: 1 };
    found.within(`${subject} vs OTel's no-op \`add\``, [ns.incr, ns.otel], otel);
  }
  const scoped = { subject: "global + `withTags` tags", baseline: "the same six tags inline" };
  const row = "`incr`, 2 call + 2 global + 2 `withTags` tags vs 6 tags in the call";
  found.within(row, [tags.scoped, tags.inline], { ...scoped, limit: 1.25 });
  for (const name of ["route", "filter", "limitCardinality"]) {
    const over = layer[name]! - layer.backend!;
    const cells = [
      formatNumber(layer[name]!),
      formatNumber(layer.backend!),
      `+${formatNumber(over)} ns`,
    ];
    found.rows.push([`\`incr\` through \`${name}\` vs the backend directly`, ...cells]);
    const target = `\`${name}\` ≤ 15 ns over the backend`;
    const summary = `\`${name}\`: ${formatNumber(over)} ns over the backend`;
    found.check(over <= 15, target, `${formatNumber(over)} ns`, summary);
  }
  return found.report(
    "Core facade (`@metrics/core`)",
    "call | ns | baseline, ns | ours / baseline",
    'No-op rows: ns per call, loop included, of `metrics.incr("k", { tags: { a: "b" } })` with no backend configured, an empty function with the same arguments and OpenTelemetry\'s no-op `counter.add(1, { a: "b" })` (no SDK registered), from an ES module, V8 free to inline; median of 3 interleaved rounds of batches of 10,000 calls; other majors: binaries from `npx node@N`, each in a child.',
    "",
    "Tag and layer rows: `incr` on a backend that reads every tag. `route`: two routes that do not match, then the fallback; `filter`: a deny prefix and two deny-tag rules (a name, a pattern) matching no tag; `limitCardinality`: 10 tag sets under a cap of 1,000; the baseline is `backend.incr(key, 1, tags, 1)` called directly. Median of 3 interleaved rounds of batches of 1,000 calls.",
  );
}
