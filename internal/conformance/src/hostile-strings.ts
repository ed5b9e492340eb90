/**
 * Strings that break naive encoders: every character StatsD, DogStatsD, Graphite, Influx or
 * Datadog reserve, line breaks, control characters, unicode, prototype names and injection
 * attempts that would forge a whole metric if passed through.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "a:b",
  "a|b",
  "a@b",
  "a#b",
  "a,b",
  "a;b",
  "a=b",
  "a\nb",
  "a\r\nb",
  "a b",
  "a\tb",
  "a\u0000b",
  "a\\b",
  "a/b.c-d_e",
  "ünï©ødé",
  "数据😀",
  "__proto__",
  "constructor",
  "x:1|c\nforged.counter:1|c",
  "x|#forged:yes",
  "x|@0.001",
  "_e{5,5}:title|text",
  "",
];

/** A long value (10 kB), beyond any datagram: it must be dropped and reported, or arrive whole. */
export const LONG_STRING = "v".repeat(10_240);
