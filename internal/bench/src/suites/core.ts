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
import type { Suite, SuiteReport } from "../harness/suite.js";
import { formatNs, formatRatio, renderTable, verdict } from "../report/table.js";
import { measureNoopRows, type NoopRow } from "./core-noop-rows.js";
import { tagsAndLayersSection } from "./core-tags-layers.js";
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

const NOOP_HEADERS = [
  "runtime",
  "callers",
  "inlining",
  "`incr`",
  "empty fn",
  "OTel `add`",
  "OTel `add`, imported counter",
  "empty fn, OTel's args",
  "loop alone",
  "`incr` / empty fn",
  "`incr` / OTel",
];

function inliningOf(row: NoopRow): string {
  return row.inlined ? "inlined" : "not inlined";
}

function noopCells(row: NoopRow): string[] {
  const where = [row.runtime, row.callers, inliningOf(row)];
  if ("unavailable" in row) return [...where, "not measured"];
  const { trio } = row;
  return [
    ...where,
    formatNs(trio.incr),
    formatNs(trio.empty),
    formatNs(trio.otel),
    trio.otelImported === undefined ? "—" : formatNs(trio.otelImported),
    formatNs(trio.emptyOtelShape),
    formatNs(trio.loop),
    formatRatio(trio.incr / trio.empty),
    formatRatio(trio.incr / trio.otel),
  ];
}

/** Both targets of the row, or why it has no numbers. */
function noopChecks(row: NoopRow): string[] {
  const label = `${row.runtime}, ${row.callers}, ${inliningOf(row)}`;
  if ("unavailable" in row) return [`- **NOT MEASURED** ${label}: ${row.unavailable}`];
  const { trio } = row;
  return [
    verdict(
      trio.incr <= 2 * trio.empty,
      `${label}: no-op \`incr\` ≤ 2× empty function`,
      `${formatNs(trio.incr)} vs ${formatNs(trio.empty)} ns (${formatRatio(trio.incr / trio.empty)})`,
    ),
    verdict(
      trio.incr <= trio.otel,
      `${label}: no-op \`incr\` ≤ OTel no-op \`add\``,
      `${formatNs(trio.incr)} vs ${formatNs(trio.otel)} ns (${formatRatio(trio.incr / trio.otel)})`,
    ),
  ];
}

/** What the imported-counter control measured in this process (the first row). */
function importBindingNote(row: NoopRow): string {
  if ("unavailable" in row) return "";
  const { incr, otel, otelImported } = row.trio;
  if (otelImported === undefined) return "";
  return (
    ` On ${row.runtime} (first row) the import binding alone adds ${formatNs(otelImported - otel)} ns ` +
    `to OTel's \`add\` (${formatNs(otel)} → ${formatNs(otelImported)} ns), and \`incr\` is ` +
    `${formatNs(incr - otel)} ns above OTel's \`add\`.`
  );
}

function noopSection(rows: NoopRow[]): string {
  const table = renderTable({
    headers: NOOP_HEADERS,
    rows: rows.map(noopCells),
    alignRight: NOOP_HEADERS.map((_, i) => i >= 3),
  });
  return [
    "#### No-op backend vs an empty function vs OpenTelemetry's no-op counter",
    "",
    table,
    "",
    ...rows.flatMap(noopChecks),
    "",
    'ns per call, loop included (*loop alone*), of `metrics.incr("k", { tags: { a: "b" } })` on the no-op backend, ' +
      'an empty function with the same arguments, and OpenTelemetry\'s no-op `counter.add(1, { a: "b" })`. ' +
      "*Inlined*: V8 free to inline each call site, as in hot application code (first row: this process; the others: each a fresh child process); " +
      "*not inlined*: a child run with `--no-turbo-inlining`. " +
      '*ESM* callers import `metrics` (core\'s ES-module build); *CommonJS* callers keep `require("@metrics/core").metrics` (its CommonJS build) in a `const`. ' +
      "Other Node majors come from `npx node@N`. " +
      "OTel's counter is a `const` of the calling module; *imported counter* is that counter created in another ES module and imported, " +
      "so it is reached through an import binding, as `metrics` is." +
      importBindingNote(rows[0]!) +
      " *empty fn, OTel's args*: OTel's argument shape (one object, not the facade's two) on an empty function. " +
      "Median of 3 interleaved rounds, batches of 10,000 calls.",
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
    const noopRows = await measureNoopRows();
    const { columns, ns } = await measureFacadeMatrix();
    const tagsAndLayers = await tagsAndLayersSection();
    return {
      title: "Core facade (`@metrics/core`)",
      markdown: [noopSection(noopRows), "", matrixSection(columns, ns), "", tagsAndLayers].join(
        "\n",
      ),
    };
  },
};
