import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/decorators/", import.meta.url));
const core = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * Compiles the fixture with one tsconfig (a type error fails the test) into a temporary
 * project that has this package as its `@metrics/core`, and runs the output.
 */
function compileAndRun(kind: "legacy" | "standard"): unknown {
  const project = mkdtempSync(join(tmpdir(), `metrics-decorators-${kind}-`));
  process.on("exit", () => rmSync(project, { recursive: true, force: true }));
  mkdirSync(join(project, "node_modules/@metrics"), { recursive: true });
  symlinkSync(core, join(project, "node_modules/@metrics/core"), "dir");
  writeFileSync(join(project, "package.json"), '{ "type": "module" }');
  const outDir = join(project, "out");
  execFileSync(
    process.execPath,
    [tsc, "-p", `${fixture}tsconfig.${kind}.json`, "--outDir", outDir],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(execFileSync(process.execPath, [`${outDir}/methods.js`], { encoding: "utf8" }));
}

const expected = {
  sum: 13,
  loaded: "user 7",
  failed: "mine",
  text: "1x",
  records: [
    ["repo.add", { result: "success" }],
    ["repo.load", { table: "users", result: "success" }],
    ["repo.fail", { result: "failure" }],
    ["fn", { result: "success" }],
    ["fn", { result: "success" }],
  ],
};

// The fixture compiles only if `wraps(key)(fn)` keeps fn's types: a call with the wrong argument
// types carries `@ts-expect-error`, which fails the build if that call type-checks.
describe("@wraps as a method decorator, compiled by tsc", () => {
  it("works with legacy decorators (experimentalDecorators: NestJS, TypeORM, Angular)", () => {
    expect(compileAndRun("legacy")).toEqual(expected);
  });

  it("works with standard decorators (TypeScript 5)", () => {
    expect(compileAndRun("standard")).toEqual(expected);
  });
});
