import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { onBeforeExit } from "../src/index.js";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/exit-app.mjs", import.meta.url));

describe("flush on exit", () => {
  it("flushes what is held once when the process ends on its own, then exits", async () => {
    const { stdout } = await run(process.execPath, [fixture], {
      timeout: 10_000,
    });
    expect(stdout).toBe("flushed 5\nexit\n");
  });

  it("shares one process listener and removes it with the last registration", () => {
    const before = process.listenerCount("beforeExit");
    const a = onBeforeExit({ flush: () => {} });
    const b = onBeforeExit({ flush: () => {} });
    expect(process.listenerCount("beforeExit")).toBe(before + 1);
    a();
    a();
    expect(process.listenerCount("beforeExit")).toBe(before + 1);
    b();
    expect(process.listenerCount("beforeExit")).toBe(before);
  });
});
