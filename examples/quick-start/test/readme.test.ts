import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleDir } from "./run-script.js";

/** The root README's code blocks that begin with `// <file>:`, by file name. */
function readmeBlocks(): Map<string, string> {
  const readme = readFileSync(join(exampleDir, "../../README.md"), "utf8");
  const blocks = new Map<string, string>();
  for (const [, body] of readme.matchAll(/^```(?:js|javascript)\n([\s\S]*?)^```$/gm)) {
    const name = /^\/\/ ([\w-]+\.mjs):/.exec(body ?? "")?.[1];
    if (name !== undefined && body !== undefined) blocks.set(name, body);
  }
  return blocks;
}

// The files the tests run are the README's text, so the README cannot drift from what is tested.
describe("the root README", () => {
  for (const file of ["quick-start.mjs", "shutdown.mjs"]) {
    it(`shows ${file} exactly as tested`, () => {
      expect(readmeBlocks().get(file)).toBe(readFileSync(join(exampleDir, file), "utf8"));
    });
  }
});
