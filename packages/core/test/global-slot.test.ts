import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the global slot", () => {
  it("is shared by the ESM and CJS builds and by other minors of the major, not by another major", () => {
    const script = fileURLToPath(new URL("./fixtures/two-copies.mjs", import.meta.url));
    const output = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8" }));
    expect(output.distinctModules).toBe(true);
    expect(output.sameBackend).toBe(true);
    expect(output.nextMajorBackend).toBe("own");
    expect(output.noAllocation).toBe(true);
    expect(output.records).toEqual([
      ["app.from.cjs", { scope: "esm" }],
      ["app.from.minor", { scope: "esm" }],
      ["app.from.esm", { g: "1" }],
    ]);
  });
});

describe("an older minor's slot", () => {
  it("is adopted and completed rather than replaced", () => {
    const script = fileURLToPath(new URL("./fixtures/older-minor.mjs", import.meta.url));
    const output = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8" }));
    expect(output).toEqual({
      seen: [["old.k", 2, { t: "1" }]],
      adopted: true,
      same: true,
    });
  });
});
