#!/usr/bin/env node
// Fails unless every exported function and class of the published packages has an `@example` in
// its doc comment, and every package's API page carries its README and is named by what a user
// imports (`@metrics/core/testing`, never `index` or `testing`). Runs TypeDoc (the configuration in typedoc.json, whose warnings are errors:
// missing doc comments, broken links) into a temporary directory, then reads its JSON output.
//
// Usage: node scripts/check-doc-examples.mjs [typedoc.json output to read instead of running]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// TypeDoc's ReflectionKind values (typedoc/dist/lib/models/kind.js).
const KIND = { Module: 2, Namespace: 4, Function: 64, Class: 128 };

function readProject() {
  if (process.argv[2] !== undefined) return JSON.parse(readFileSync(process.argv[2], "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "metrics-docs-"));
  try {
    const json = join(dir, "api.json");
    const typedoc = spawnSync(
      process.execPath,
      [join(root, "node_modules/typedoc/bin/typedoc"), "--out", join(dir, "html"), "--json", json],
      { cwd: root, encoding: "utf8" },
    );
    const output = `${typedoc.stdout}${typedoc.stderr}`
      .split("\n")
      .filter((line) => line !== "" && !/\[info\]/.test(line));
    if (output.length > 0) console.error(output.join("\n"));
    if (typedoc.status !== 0) {
      console.error("check-doc-examples: TypeDoc failed (above)");
      process.exit(typedoc.status ?? 1);
    }
    return JSON.parse(readFileSync(json, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hasExample(comment) {
  return comment?.blockTags?.some((tag) => tag.tag === "@example") === true;
}

/** `@metrics/core` › `configureFromEnv` for each function or class without an example. */
function missing(reflection, path) {
  // A package's entry points are named after it (`@metrics/core/testing`): no need to repeat it.
  const here = [...path.filter((outer) => !reflection.name.startsWith(outer)), reflection.name];
  const found = [];
  if (reflection.kind === KIND.Function) {
    const documented = (reflection.signatures ?? []).some((s) => hasExample(s.comment));
    if (!documented && !hasExample(reflection.comment)) found.push(here);
  } else if (reflection.kind === KIND.Class) {
    const constructors = (reflection.children ?? []).flatMap((child) => child.signatures ?? []);
    if (!hasExample(reflection.comment) && !constructors.some((s) => hasExample(s.comment))) {
      found.push(here);
    }
  }
  if ([KIND.Module, KIND.Namespace].includes(reflection.kind) || path.length === 0) {
    for (const child of reflection.children ?? []) found.push(...missing(child, here));
  }
  return found;
}

/** Problems with the pages themselves: a package without its README, a module named by file. */
function pageProblems(packages) {
  const problems = [];
  for (const pkg of packages) {
    if (pkg.readme === undefined)
      problems.push(`${pkg.name}: its page does not include its README`);
    for (const module of (pkg.children ?? []).filter((child) => child.kind === KIND.Module)) {
      if (!module.name.startsWith(pkg.name)) {
        problems.push(`${pkg.name}: an entry point's page is named "${module.name}"`);
      }
    }
  }
  return problems;
}

const project = readProject();
const pages = pageProblems(project.children ?? []);
if (pages.length > 0) {
  console.error(`check-doc-examples: ${pages.join("\n  ")}`);
  process.exitCode = 1;
}
const lacking = (project.children ?? []).flatMap((pkg) => missing(pkg, []));
if (lacking.length > 0) {
  console.error(
    `check-doc-examples: ${lacking.length} exported functions and classes have no @example:`,
  );
  for (const path of lacking) console.error(`  ${path.join(" › ")}`);
  process.exit(1);
}
if (pages.length === 0) {
  console.log("check-doc-examples: every exported function and class has an @example");
}
