import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../check-doc-examples.mjs", import.meta.url));
const example = { blockTags: [{ tag: "@example", content: [] }] };

/** Runs the check on a TypeDoc JSON project (kinds: 2 module, 64 function, 128 class). */
function check(project) {
  const dir = mkdtempSync(join(tmpdir(), "doc-examples-"));
  try {
    writeFileSync(join(dir, "api.json"), JSON.stringify(project));
    return spawnSync(process.execPath, [script, join(dir, "api.json")], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const core = (fn, cls) => ({
  name: "@metrics/core",
  kind: 2,
  readme: [{ kind: "text", text: "# @metrics/core" }],
  children: [
    { name: "incr", kind: 64, signatures: [{ comment: fn }] },
    { name: "Timer", kind: 128, comment: cls, children: [] },
  ],
});

test("passes when every function and class has an @example", () => {
  const run = check({ children: [core(example, example)] });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /every exported function and class has an @example/);
});

test("lists each function and class without one, and fails", () => {
  const run = check({ children: [core({ summary: [] }, undefined)] });
  assert.equal(run.status, 1);
  assert.equal(
    run.stderr,
    "check-doc-examples: 2 exported functions and classes have no @example:\n" +
      "  @metrics/core › incr\n  @metrics/core › Timer\n",
  );
});

test("fails when a package's page lacks its README or an entry point is named by file", () => {
  const pkg = core(example, example);
  delete pkg.readme;
  pkg.children.push({ name: "testing", kind: 2, children: [] });
  const project = { children: [pkg] };
  const run = check(project);
  assert.equal(run.status, 1);
  assert.equal(
    run.stderr,
    "check-doc-examples: @metrics/core: its page does not include its README\n" +
      '  @metrics/core: an entry point\'s page is named "testing"\n',
  );
});
