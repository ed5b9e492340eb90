// The facade's claims: a no-op `incr` costs about an empty function and no more than
// OpenTelemetry's no-op (one row per Node major); global and `withTags` tags cost ≤ 1.25× the
// same tags inline; each layer adds ≤ 15 ns over the backend it wraps.
import { execFileSync } from "node:child_process";
import { configure, incr, type MetricsBackend, metrics, type Tags, withTags } from "@metrics/core";
import { filter, limitCardinality, route } from "@metrics/core/layers";
import { metrics as otelMetrics } from "@opentelemetry/api";
import { interleaved, ReadingBackend, runInChild, type SuiteReport } from "../harness.js";
import { Findings, formatNs, formatRatio, renderTable } from "../report.js";

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
  const noopRows = noop.map(({ runtime, ns, reason }) => {
    if (!ns) return [runtime, `not measured: ${reason}`];
    const [vsEmpty, vsOtel] = [ns.incr / ns.empty, ns.incr / ns.otel];
    const measured = `${formatNs(ns.incr)} vs ${formatNs(ns.otel)} ns (${formatRatio(vsOtel)})`;
    const label = `${runtime}: no-op \`incr\``;
    found.check(vsEmpty <= 2, `${label} ≤ 2× an empty function`, formatRatio(vsEmpty));
    found.check(
      vsOtel <= 1,
      `${label} ≤ OTel's no-op \`add\``,
      measured,
      `${label}: ${measured} OTel's no-op`,
    );
    const cells = [ns.incr, ns.empty, ns.otel].map(formatNs);
    return [runtime, ...cells, formatRatio(vsEmpty), formatRatio(vsOtel)];
  });
  const tagRatio = tags.scoped / tags.inline;
  found.rows.push(
    ["`incr`, 6 tags written in the call", formatNs(tags.inline), "—"],
    ["`incr`, 2 call + 2 global + 2 `withTags` tags", formatNs(tags.scoped), formatRatio(tagRatio)],
    ["`backend.incr(key, 1, tags, 1)` directly", formatNs(layer.backend!), "—"],
  );
  found.check(
    tagRatio <= 1.25,
    "global and `withTags` tags ≤ 1.25× the same six tags inline",
    formatRatio(tagRatio),
    `global + \`withTags\` tags: ${formatRatio(tagRatio)} the same tags inline`,
  );
  for (const name of ["route", "filter", "limitCardinality"]) {
    const over = `${formatNs(layer[name]! - layer.backend!)} ns`;
    found.rows.push([`through \`${name}\``, formatNs(layer[name]!), over]);
    const pass = layer[name]! - layer.backend! <= 15;
    found.check(
      pass,
      `\`${name}\` ≤ 15 ns over the backend`,
      over,
      `\`${name}\`: ${over} over the backend`,
    );
  }
  const layers = found.report(
    "Core facade (`@metrics/core`)",
    "call, on a backend that reads every tag | ns | over the baseline",
    "`route`: two routes that do not match, then the fallback; `filter`: a deny prefix and two deny-tag rules (a name, a pattern) matching no tag; `limitCardinality`: 10 tag sets under a cap of 1,000. Median of 3 interleaved rounds of batches of 1,000 calls.",
  );
  const noopSection = [
    "### No-op `incr` vs an empty function vs OpenTelemetry's no-op",
    "",
    renderTable(
      ["runtime", "`incr`", "empty fn", "OTel no-op `add`", "`incr` / empty", "`incr` / OTel"],
      noopRows,
    ),
    "",
    'ns per call, loop included, of `metrics.incr("k", { tags: { a: "b" } })` with no backend configured, an empty function with the same arguments and OpenTelemetry\'s no-op `counter.add(1, { a: "b" })` (no SDK registered), from an ES module, V8 free to inline; median of 3 interleaved rounds of batches of 10,000 calls. Other majors: binaries from `npx node@N`, each in a child.',
    "",
    "### Global and `withTags` tags, and layers",
    "",
  ];
  return { ...layers, markdown: [...noopSection, layers.markdown].join("\n") };
}
