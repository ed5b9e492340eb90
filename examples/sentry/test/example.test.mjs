import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the intake receives every metric as a trace_metric item, the timing linked to its span", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["src/index.mjs"], { cwd: root });
  assert.match(stdout, /sentry got counter shop\.orders\.placed=2 \{country=fr,instance=eu-1\}\n/);
  assert.match(stdout, /sentry got gauge shop\.queue\.depth=7 item \{\}\n/);
  assert.match(stdout, /sentry got distribution shop\.cart\.size=3 \{\}\n/);
  const span = stdout.match(/^span ([0-9a-f]{16})$/m)?.[1];
  assert.ok(span, stdout);
  const charge = new RegExp(
    `sentry got distribution shop\\.payment\\.charge=0\\.0\\d+ second \\{result=success\\} span=${span}\\n`,
  );
  assert.match(stdout, charge);
  assert.match(stdout, /sentry got gauge shop\.customers\.active=2 \{\}\n/);
  assert.equal(stdout.match(/sentry got/g)?.length, 5);
});
