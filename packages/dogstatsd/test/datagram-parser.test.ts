import { MalformedDatagramError, parseDatagram, tagRecord } from "@metrics/test-peers";
import { describe, expect, it } from "vitest";

// The strict parser is what every wire test trusts, so it gets its own tests: it must read
// what Datadog documents and reject everything the Agent would have to guess about.
describe("strict DogStatsD datagram parser", () => {
  it("reads the documented metric forms", () => {
    const [a, b, c, d] = parseDatagram(
      [
        "page.views:1|c",
        "song.length:240:250.5:-1e3|h|@0.5|#genre:rock,live",
        "users.uniques:user-1234|s|#country:china",
        "fuel.level:0.5|g|T1656581400|c:abc123",
      ].join("\n"),
    );
    expect(a).toMatchObject({
      name: "page.views",
      type: "c",
      values: [1],
      sampleRate: 1,
      tags: [],
    });
    expect(b).toMatchObject({ type: "h", values: [240, 250.5, -1000], sampleRate: 0.5 });
    expect(tagRecord(b!.tags as string[])).toEqual({ genre: "rock", live: "" });
    expect(c).toMatchObject({ type: "s", member: "user-1234", values: [] });
    expect(d).toMatchObject({
      type: "g",
      values: [0.5],
      timestamp: 1656581400,
      container: "abc123",
    });
  });

  it("reads events with UTF-8 byte lengths", () => {
    const title = "Déploiement ✓";
    const text = "line one\\nline | two 🚀";
    const line = `_e{${Buffer.byteLength(title)},${Buffer.byteLength(text)}}:${title}|${text}|d:1700000000|h:web-1|k:deploy|p:low|s:ci|t:success|#env:prod`;
    expect(parseDatagram(line)).toEqual([
      {
        kind: "event",
        title,
        text,
        timestamp: 1700000000,
        hostname: "web-1",
        aggregationKey: "deploy",
        priority: "low",
        sourceType: "ci",
        alertType: "success",
        tags: ["env:prod"],
      },
    ]);
  });

  it.each([
    ["empty datagram", ""],
    ["empty line", "a:1|c\n\nb:1|c"],
    ["trailing newline", "a:1|c\n"],
    ["empty name", ":1|c"],
    ["no value", "a|c"],
    ["empty value", "a:|c"],
    ["missing type", "a:1"],
    ["unknown type", "a:1|x"],
    ["bad number", "a:1x|c"],
    ["empty packed value", "a:1::2|d"],
    ["NaN", "a:NaN|g"],
    ["Infinity", "a:Infinity|g"],
    ["rate zero", "a:1|c|@0"],
    ["rate above one", "a:1|c|@1.5"],
    ["rate not a number", "a:1|c|@x"],
    ["rate on a gauge", "a:1|g|@0.5"],
    ["repeated rate", "a:1|c|@0.5|@0.5"],
    ["empty tag list", "a:1|c|#"],
    ["empty tag", "a:1|c|#a:b,,c"],
    ["empty tag key", "a:1|c|#:b"],
    ["reserved character in tag key", "a:1|c|#a@b:c"],
    ["space in name", "a b:1|c"],
    ["reserved character in name", "a#b:1|c"],
    ["unknown field", "a:1|c|x"],
    ["set member with a colon", "a:b:c|s"],
    ["bad timestamp", "a:1|g|T12a"],
    ["service check", "_sc|name|0"],
    ["event title length too long", "_e{6,4}:title|text"],
    ["event text length too short", "_e{5,3}:title|text"],
    ["event empty title", "_e{0,4}:|text"],
    ["event lengths counted in UTF-16 units", "_e{2,4}:é✓|text"],
    ["event bad priority", "_e{5,4}:title|text|p:high"],
    ["event unknown field", "_e{5,4}:title|text|z:1"],
    ["event bad header", "_e{5}:title|text"],
  ])("rejects %s", (_, datagram) => {
    expect(() => parseDatagram(datagram)).toThrow(MalformedDatagramError);
  });

  it("rejects invalid UTF-8", () => {
    expect(() => parseDatagram(Buffer.from([0x61, 0x3a, 0x31, 0x7c, 0x63, 0xff]))).toThrow(
      MalformedDatagramError,
    );
  });

  it("refuses repeated tag keys when building a record", () => {
    expect(() => tagRecord(["a:1", "a:2"])).toThrow();
  });
});
