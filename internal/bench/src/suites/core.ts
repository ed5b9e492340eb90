import {
  close,
  configure,
  distribution,
  type EmitOptions,
  gauge,
  getBackend,
  incr,
  type MetricsBackend,
  set,
  time,
  timer,
  timing,
  withTags,
} from "@metrics/core";
import { MemoryBackend } from "@metrics/core/testing";
import { type BatchTask, runBatches } from "../harness/batched-bench.js";
import { runInChild, siblingPath } from "../harness/child.js";
import type { Suite, SuiteReport } from "../harness/suite.js";
import { formatNs, formatNumber, formatRatio, renderTable, verdict } from "../report/table.js";
import { measureNoopTrio, type NoopTrio } from "./core-noop.js";
import { CountingBackend } from "./counting-backend.js";

const KEY = "bench.facade";
const CALLS_PER_BATCH = 1000;

type FacadeCall = (i: number, options: EmitOptions | undefined) => unknown;

const returnsOne = () => 1;

/** Each facade function as a caller uses it; timer and time return a value that is consumed. */
const FACADE_CALLS: Array<[string, FacadeCall]> = [
  ["incr", (_i, options) => incr(KEY, options)],
  ["gauge", (i, options) => gauge(KEY, i, options)],
  ["distribution", (i, options) => distribution(KEY, i, options)],
  ["timing", (i, options) => timing(KEY, i / 1000, options)],
  ["set", (i, options) => set(KEY, i & 1023, options)],
  ["timer start+stop", (_i, options) => timer(KEY, options).stop()],
  ["time(fn)", (_i, options) => time(KEY, returnsOne, options)],
];

function tagsOf(count: number): EmitOptions | undefined {
  if (count === 0) return undefined;
  const tags: Record<string, string> = {};
  for (let i = 0; i < count; i++) tags[`tag${i}`] = `value${i}`;
  return { tags };
}

const TAG_COUNTS = [0, 2, 8];
const GLOBAL_TAGS = { service: "bench", region: "eu-1" };
const SCOPE_TAGS = { route: "/users/:id", method: "GET" };

interface Context {
  name: string;
  global: boolean;
  scope: boolean;
}

const CONTEXTS: Context[] = [
  { name: "plain", global: false, scope: false },
  { name: "scope", global: false, scope: true },
  // Global tags last: once set they cannot be put back to the shared empty object.
  { name: "global", global: true, scope: false },
  { name: "global+scope", global: true, scope: true },
];

interface Column {
  label: string;
  backend: string;
  context: Context;
}

/** Builds a batch: `CALLS_PER_BATCH` calls, inside a `withTags` scope when asked. */
function facadeTask(
  name: string,
  call: FacadeCall,
  options: EmitOptions | undefined,
  scope: boolean,
  afterBatch?: () => void,
): BatchTask {
  const loop = () => {
    let sum = 0;
    for (let i = 0; i < CALLS_PER_BATCH; i++) {
      const result = call(i, options);
      if (typeof result === "number") sum += result;
    }
    return sum;
  };
  const run = scope ? () => withTags(SCOPE_TAGS, loop) : loop;
  return { name, ops: CALLS_PER_BATCH, run, afterBatch };
}

async function measureFacadeMatrix(): Promise<{ columns: Column[]; ns: Map<string, number> }> {
  const counting = new CountingBackend();
  const memory = new MemoryBackend();
  // `close()` leaves the default no-op backend in place (whatever an earlier suite configured).
  await close();
  const noop = getBackend();
  const backends: Array<[string, MetricsBackend, (() => void) | undefined]> = [
    ["no-op", noop, undefined],
    ["counting", counting, undefined],
    ["Memory", memory, () => memory.clear()],
  ];
  const columns: Column[] = [];
  const ns = new Map<string, number>();
  for (const context of CONTEXTS) {
    if (context.global) configure({ globalTags: GLOBAL_TAGS });
    for (const [backendName, backend, afterBatch] of backends) {
      // The no-op backend returns before tags are looked at; one column says all.
      if (backend === noop && context.name !== "plain") continue;
      configure({ backend });
      const column: Column = {
        label: `${backendName} ${context.name}`,
        backend: backendName,
        context,
      };
      columns.push(column);
      const tasks: BatchTask[] = [];
      for (const [fnName, call] of FACADE_CALLS) {
        for (const tagCount of TAG_COUNTS) {
          tasks.push(
            facadeTask(
              `${column.label}|${fnName}|${tagCount}`,
              call,
              tagsOf(tagCount),
              context.scope,
              afterBatch,
            ),
          );
        }
      }
      const results = await runBatches(tasks, { timeMs: 60, warmupMs: 30 });
      for (const [name, result] of results) ns.set(name, result.nsPerOp);
    }
  }
  configure({ globalTags: {} });
  if (counting.calls === 0) throw new Error("the counting backend received nothing");
  // Measured context by context (see CONTEXTS); shown backend by backend.
  const order = backends.map(([name]) => name);
  columns.sort((a, b) => order.indexOf(a.backend) - order.indexOf(b.backend));
  return { columns, ns };
}

function noopSection(inlined: NoopTrio, notInlined: NoopTrio): string {
  const rows = (label: string, trio: NoopTrio) => [
    [
      `${label}: \`metrics.incr("k", { tags: { a: "b" } })\`, no-op backend`,
      formatNs(trio.incr),
      formatNumber(1e9 / trio.incr, 0),
      formatRatio(trio.incr / trio.empty),
      formatRatio(trio.incr / trio.otel),
    ],
    [
      `${label}: empty function, same arguments`,
      formatNs(trio.empty),
      formatNumber(1e9 / trio.empty, 0),
      formatRatio(1),
      formatRatio(trio.empty / trio.otel),
    ],
    [
      `${label}: OpenTelemetry API no-op \`counter.add(1, { a: "b" })\``,
      formatNs(trio.otel),
      formatNumber(1e9 / trio.otel, 0),
      formatRatio(trio.otel / trio.empty),
      formatRatio(1),
    ],
    [
      `${label}: empty function called as \`fn(1, { a: "b" })\` (OTel's argument shape)`,
      formatNs(trio.emptyOtelShape),
      formatNumber(1e9 / trio.emptyOtelShape, 0),
      formatRatio(trio.emptyOtelShape / trio.empty),
      formatRatio(trio.emptyOtelShape / trio.otel),
    ],
    [
      `${label}: the loop alone (included in every row)`,
      formatNs(trio.loop),
      formatNumber(1e9 / trio.loop, 0),
      "",
      "",
    ],
  ];
  const table = renderTable({
    headers: ["call", "ns/call", "calls/s", "vs empty fn", "vs OTel no-op"],
    rows: [...rows("inlined", inlined), ...rows("not inlined", notInlined)],
  });
  const checks = [
    verdict(
      inlined.incr <= 2 * inlined.empty,
      "no-op `incr` ≤ 2× empty function (inlined)",
      `${formatNs(inlined.incr)} vs ${formatNs(inlined.empty)} ns (${formatRatio(inlined.incr / inlined.empty)})`,
    ),
    verdict(
      inlined.incr <= inlined.otel,
      "no-op `incr` ≤ OTel no-op `add` (inlined)",
      `${formatNs(inlined.incr)} vs ${formatNs(inlined.otel)} ns (${formatRatio(inlined.incr / inlined.otel)})`,
    ),
    verdict(
      notInlined.incr <= 2 * notInlined.empty,
      "no-op `incr` ≤ 2× empty function (not inlined)",
      `${formatNs(notInlined.incr)} vs ${formatNs(notInlined.empty)} ns (${formatRatio(notInlined.incr / notInlined.empty)})`,
    ),
    verdict(
      notInlined.incr <= notInlined.otel,
      "no-op `incr` ≤ OTel no-op `add` (not inlined)",
      `${formatNs(notInlined.incr)} vs ${formatNs(notInlined.otel)} ns (${formatRatio(notInlined.incr / notInlined.otel)})`,
    ),
  ];
  return [
    "#### No-op backend vs an empty function vs OpenTelemetry's no-op counter",
    "",
    table,
    "",
    ...checks,
    "",
    "*Inlined*: this process, V8 free to inline each call site (as in hot application code). " +
      "*Not inlined*: a child process run with `--no-turbo-inlining`, so every row pays a real call. Median of 3 interleaved rounds, batches of 10,000 calls. " +
      "The facade's call shape builds two objects per call (options and tags), OpenTelemetry's one; the row with OTel's " +
      "argument shape on an empty function separates that difference from the cost of the function itself.",
  ].join("\n");
}

function matrixSection(columns: Column[], ns: Map<string, number>): string {
  const rows: string[][] = [];
  for (const [fnName] of FACADE_CALLS) {
    for (const tagCount of TAG_COUNTS) {
      rows.push([
        `${fnName}, ${tagCount} tags`,
        ...columns.map((column) =>
          formatNs(ns.get(`${column.label}|${fnName}|${tagCount}`) ?? Number.NaN),
        ),
      ]);
    }
  }
  return [
    "#### ns per facade call, by backend, tags per call, and global / `withTags` tags",
    "",
    renderTable({ headers: ["call", ...columns.map((column) => column.label)], rows }),
    "",
    `*plain*: no other tags; *global*: 2 tags from \`configure({ globalTags })\`; *scope*: 2 tags from an enclosing \`withTags\`. ` +
      "*counting*: a backend that only counts calls (the facade's own cost). *Memory*: `MemoryBackend`, cleared after every batch of 1,000 calls (untimed). " +
      "Each row includes one indirect call of the benchmark loop (≈ the *no-op* `incr, 0 tags` cell).",
  ].join("\n");
}

export const coreSuite: Suite = {
  name: "core",
  description:
    "@metrics/core facade: no-op cost vs empty function and OTel; ns per call per backend",
  async run(): Promise<SuiteReport> {
    const inlined = await measureNoopTrio();
    const notInlined = await runInChild<NoopTrio>(
      siblingPath(import.meta.url, "./core-noop-child.ts"),
      [],
      ["--no-turbo-inlining"],
    );
    const { columns, ns } = await measureFacadeMatrix();
    return {
      title: "Core facade (`@metrics/core`)",
      markdown: [noopSection(inlined, notInlined), "", matrixSection(columns, ns)].join("\n"),
    };
  },
};
