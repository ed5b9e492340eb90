/**
 * Runs the built demo (dist/main.js) as a user would, once per backend, with stdout piped (as in
 * CI), and checks that what the peer received is exactly what the service answered, and that
 * the output is readable: 80 columns, failures shown, no JSON unless asked.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findPrometheus } from "@metrics/test-peers/prometheus";
import { describe, expect, test } from "vitest";

/** Every backend the demo shows: `--help` names each. */
const BACKENDS = [
  "statsd",
  "dogstatsd",
  "datadog",
  "prometheus",
  "opentelemetry",
  "sentry",
  "logging",
];

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runDemo(...args: string[]): Promise<Run> {
  return runDemoWith(process.env, ...args);
}

function runDemoWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const options = { timeout: 50_000, env };
    execFile(process.execPath, [MAIN, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

/** With the binary on PATH, `--backend=prometheus` reads back what a real Prometheus stored. */
const PROMETHEUS = findPrometheus();
if (PROMETHEUS === undefined) {
  console.log(
    "demo tests: no prometheus binary on PATH; --backend=prometheus scrapes listen() itself",
  );
}

interface Counts {
  requests: number;
  latencies: number;
  users: number | null;
  byRoute: Record<string, Record<string, number>>;
}

interface RuntimeCounts {
  loopP99Ms: number | null;
  heapUsedBytes: number | null;
  rssBytes: number | null;
  gcPauses: number;
  gcTotalMs: number;
  serverTimed: number;
}

function summaryOf(stdout: string) {
  const line = stdout.split("\n").find((text) => text.startsWith('{"summary":'));
  expect(line, stdout).toBeDefined();
  return (
    JSON.parse(line!) as {
      summary: {
        backend: string;
        sent: Counts;
        received: Counts & {
          usersPerWindow: number | null;
          inFlight: number | null;
          runtime: RuntimeCounts;
        };
        match: boolean;
      };
    }
  ).summary;
}

/** The lines a person reads: everything but the --json summary. */
function readableLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => !line.startsWith('{"summary":'));
}

function expectReadable(stdout: string, sent: Counts) {
  const lines = readableLines(stdout);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  // The table: totals with the rate per second beside them.
  expect(stdout).toMatch(/^route +200 +201 +404 +500 +total +\/s +p50 ms +p90 ms +max ms$/m);
  expect(stdout).toContain("GET  /users/:id");
  // The failures the service produced: its 500s, and the failed queries behind them.
  const errors = sent.byRoute["orders.create"]?.["500"];
  expect(errors).toBeGreaterThan(0);
  expect(stdout).toContain(
    `failures: ${errors} × 500 POST /orders · ${errors} db.query result:failure`,
  );
  expect(stdout).toContain(
    `everything the service answered arrived: ${sent.requests} requests, ${sent.requests} latencies`,
  );
  // The peers that validate what they decode (the Datadog intake, OTLP receiver, envelope
  // endpoint) say so in the activity line when they refuse something.
  expect(stdout).not.toMatch(/rejected/);
  // What @metrics/runtime sent, under the table: two rows, numbers as the peer received them.
  expect(stdout).toMatch(
    /^runtime: event loop p99 \d+\.\d ms · heap used \d+\.\d MB · RSS \d+\.\d MB$/m,
  );
  expect(stdout).toMatch(
    /^runtime: GC pauses \d+ \(\d+\.\d ms in all\) · requests served, timed \d+$/m,
  );
  // What the peer received is one line per second at most, never a pile of lines.
  expect(lines.length).toBeLessThanOrEqual(20);
}

/** The checks of a backend whose peer receives a set as its unique members per window. */
function expectSetPerWindow(received: Counts & { usersPerWindow: number | null }, sent: Counts) {
  expect(received.users).toBeNull();
  expect(received.usersPerWindow).toBeGreaterThan(0);
  expect(received.usersPerWindow).toBeLessThanOrEqual(sent.users!);
}

describe.concurrent("npm run demo", () => {
  for (const backend of ["statsd", "dogstatsd", "logging"]) {
    test(`--backend=${backend}: every request, latency and user arrives`, async () => {
      const { code, stdout, stderr } = await runDemo(
        `--backend=${backend}`,
        "--duration=1.5",
        "--json",
      );
      expect(code, stderr).toBe(0);
      const { sent, received, match } = summaryOf(stdout);
      expect(sent.requests).toBe(60); // 40 a second
      expect(Object.keys(sent.byRoute).sort()).toEqual(
        ["health", "orders.create", "report", "unmatched", "users.show"].sort(),
      );
      expect(received.byRoute).toEqual(sent.byRoute);
      expect(received.requests).toBe(sent.requests);
      expect(received.latencies).toBe(sent.requests);
      expect(received.users).toBe(sent.users);
      expect(received.inFlight).toBe(0);
      expect(match).toBe(true);
      expectReadable(stdout, sent);
    });
  }

  test("--backend=datadog: the loopback intake decodes every series and distribution", async () => {
    const { code, stdout, stderr } = await runDemo("--backend=datadog", "--duration=1.5", "--json");
    expect(code, stderr).toBe(0);
    const { sent, received, match } = summaryOf(stdout);
    expect(sent.requests).toBe(60); // 40 a second
    // Counters arrive as v2 series, latencies as v1 distribution points.
    expect(received.byRoute).toEqual(sent.byRoute);
    expect(received.latencies).toBe(sent.requests);
    expect(received.inFlight).toBe(0);
    // The API receives a set as its size per window, so only a bound can be checked.
    expectSetPerWindow(received, sent);
    expect(match).toBe(true);
    expect(stdout).toMatch(/POST \/api\/v2\/series \(gzip/);
    expectReadable(stdout, sent);
  });

  // Pulled, pushed as OTLP, and sent by the Sentry SDK: each aggregates or buffers its own way,
  // and every request, latency and failed query must still arrive exactly.
  const more: [string, RegExp][] = [
    [
      "prometheus",
      PROMETHEUS === undefined
        ? /GET \/metrics \([\d.]+ kB\): \d+ samples/
        : /prometheus: \d+ series, \d+ samples/,
    ],
    ["opentelemetry", /POST \/v1\/metrics: \d+ data points/],
    ["sentry", /→ a Sentry envelope endpoint at http:\/\/127\.0\.0\.1:\d+$/m],
  ];
  for (const [backend, peerLine] of more) {
    test(`--backend=${backend}: the real peer receives every request and latency`, async () => {
      const { code, stdout, stderr } = await runDemo(
        `--backend=${backend}`,
        "--duration=1.5",
        "--json",
      );
      expect(code, stderr).toBe(0);
      const { sent, received, match } = summaryOf(stdout);
      expect(sent.requests).toBe(60);
      expect(received.byRoute).toEqual(sent.byRoute);
      expect(received.requests).toBe(sent.requests);
      expect(received.latencies).toBe(sent.requests);
      expect(received.inFlight).toBe(0);
      expectSetPerWindow(received, sent);
      expect(match).toBe(true);
      expect(stdout).toMatch(peerLine);
      expectReadable(stdout, sent);
    });
  }

  test("--backend=prometheus without a prometheus binary on PATH: the demo scrapes listen()", async () => {
    // Node is started by its full path; nothing else the demo runs is looked up on PATH.
    const { code, stdout, stderr } = await runDemoWith(
      { ...process.env, PATH: "" },
      "--backend=prometheus",
      "--duration=1.5",
      "--json",
    );
    expect(code, stderr).toBe(0);
    const { sent, received, match } = summaryOf(stdout);
    expect(received.byRoute).toEqual(sent.byRoute);
    expect(received.latencies).toBe(sent.requests);
    expect(received.inFlight).toBe(0);
    expectSetPerWindow(received, sent);
    expect(match).toBe(true);
    expect(stdout).toMatch(/prometheus → GET http:\/\/127\.0\.0\.1:\d+\/metrics once a second/);
    expect(stdout).toMatch(/GET \/metrics \([\d.]+ kB\): \d+ samples/);
    expectReadable(stdout, sent);
  });

  test("runtime rows: @metrics/runtime's readings and request timings arrive at the peer", async () => {
    const { code, stdout, stderr } = await runDemo("--backend=statsd", "--duration=1.5", "--json");
    expect(code, stderr).toBe(0);
    const { sent, received } = summaryOf(stdout);
    const { runtime } = received;
    // instrumentHttp() timed every request the service answered (no other server in-process).
    expect(runtime.serverTimed).toBe(sent.requests);
    expect(runtime.loopP99Ms).toBeGreaterThan(0);
    expect(runtime.heapUsedBytes).toBeGreaterThan(1024 * 1024);
    expect(runtime.rssBytes).toBeGreaterThan(runtime.heapUsedBytes!);
    expect(runtime.gcTotalMs).toBeGreaterThanOrEqual(0);
    if (runtime.gcPauses === 0) expect(runtime.gcTotalMs).toBe(0);
    // The rows show the same numbers, rounded.
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    expect(stdout).toContain(
      `runtime: event loop p99 ${runtime.loopP99Ms!.toFixed(1)} ms · heap used ${mb(runtime.heapUsedBytes!)} MB · RSS ${mb(runtime.rssBytes!)} MB`,
    );
    expect(stdout).toContain(
      `runtime: GC pauses ${runtime.gcPauses} (${runtime.gcTotalMs.toFixed(1)} ms in all) · requests served, timed ${sent.requests}`,
    );
  });

  test("prints no JSON unless --json", async () => {
    const { code, stdout } = await runDemo("--backend=logging", "--duration=1");
    expect(code).toBe(0);
    expect(stdout).toContain("everything the service answered arrived");
    expect(stdout).not.toMatch(/^\s*[{[]/m);
  });

  test("--help prints the usage and exits 0", async () => {
    const { code, stdout, stderr } = await runDemo("--help");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^usage: npm run demo -- \[options\]\n/);
    for (const flag of ["--backend=NAME", "--duration=SECS", "--json", "--help"]) {
      expect(stdout).toContain(flag);
    }
    for (const backend of BACKENDS) expect(stdout).toMatch(new RegExp(`\\b${backend}\\b`));
    for (const line of stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  test("a mistyped flag is an error naming the closest flag", async () => {
    const { code, stdout, stderr } = await runDemo("--durration=2");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^demo: unknown option --durration; did you mean --duration\?\n\nusage: npm run demo/,
    );
  });

  test("an unknown backend is refused with the names and the usage", async () => {
    const far = await runDemo("--backend=carrier-pigeon");
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(
      /^demo: --backend=carrier-pigeon is not one of statsd, dogstatsd, datadog, prometheus, opentelemetry, sentry, logging\n\nusage:/,
    );
    const near = await runDemo("--backend=statd");
    expect(near.code).toBe(2);
    expect(near.stderr).toContain(
      "is not one of statsd, dogstatsd, datadog, prometheus, opentelemetry, sentry, logging; did you mean statsd?",
    );
  });
});
