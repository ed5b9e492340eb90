/**
 * Runs the built demo (dist/main.js) as a user would, once per backend, with stdout piped (as in
 * CI), and checks that what the peer received is exactly what the service answered.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runDemo(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

interface Counts {
  requests: number;
  latencies: number;
  users: number | null;
  byRoute: Record<string, Record<string, number>>;
}

function summaryOf(stdout: string) {
  const line = stdout.split("\n").find((text) => text.startsWith('{"summary":'));
  expect(line, stdout).toBeDefined();
  return (
    JSON.parse(line!) as {
      summary: {
        backend: string;
        sent: Counts;
        received: Counts & { usersPerWindow: number | null; inFlight: number | null };
        match: boolean;
      };
    }
  ).summary;
}

describe.concurrent("npm run demo", () => {
  for (const backend of ["statsd", "dogstatsd", "logging"]) {
    test(`--backend=${backend}: every request, latency and user arrives`, async () => {
      const { code, stdout, stderr } = await runDemo(`--backend=${backend}`, "--duration=1.5");
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
      expect(stdout).toContain("GET  /users/:id");
    });
  }

  test("--backend=datadog: the loopback intake decodes every series and distribution", async () => {
    const { code, stdout, stderr } = await runDemo("--backend=datadog", "--duration=1.5");
    expect(code, stderr).toBe(0);
    const { sent, received, match } = summaryOf(stdout);
    expect(sent.requests).toBe(60); // 40 a second
    expect(received.byRoute).toEqual(sent.byRoute);
    expect(received.latencies).toBe(sent.requests);
    expect(received.inFlight).toBe(0);
    // The API receives a set as its size per window, so only a bound can be checked.
    expect(received.users).toBeNull();
    expect(received.usersPerWindow).toBeGreaterThan(0);
    expect(received.usersPerWindow).toBeLessThanOrEqual(sent.users!);
    expect(match).toBe(true);
    expect(stdout).toMatch(/intake POST \/api\/v2\/series \(gzip/);
    expect(stdout).toMatch(/intake POST \/api\/v1\/distribution_points \(deflate/);
  });

  test("an unknown backend is refused with the usage line", async () => {
    const { code, stderr } = await runDemo("--backend=carrier-pigeon");
    expect(code).toBe(1);
    expect(stderr).toContain("usage: npm run demo -- [--backend=statsd|dogstatsd|datadog|logging]");
  });
});
