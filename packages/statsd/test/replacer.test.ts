import { describe, expect, it } from "vitest";
import { createReplacer } from "../src/wire.js";

describe("createReplacer", () => {
  it("replaces every reserved character, even when the expression is not global", () => {
    const replace = createReplacer(/[:|@\n]/);
    expect(replace("a:b|c@d\ne:f")).toBe("a_b_c_d_e_f");
    expect(replace("clean.key")).toBe("clean.key");
  });

  it("uses the given replacement", () => {
    expect(createReplacer(/[,=]/g, "-")("a=b,c")).toBe("a-b-c");
  });
});
