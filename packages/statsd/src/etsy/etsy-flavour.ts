import { MetricKind, type SampleKind, type Tags } from "@metrics/aggregation";
import type { Emit, Flavour, LineFrame, SampleRun } from "../stack/render/flavour.js";
import { rateSuffix } from "../stack/render/format-number.js";
import { multiValueLines } from "../stack/render/multi-value-lines.js";
import { createReplacer } from "../stack/render/replacer.js";
import type { Protocol } from "../stack/socket/wire-socket.js";
import { reservedCharacters } from "./reserved-characters.js";

/** How tags are written: see the README for the exact line shapes. */
export type TagFormat = "dogstatsd" | "graphite" | "influx" | "none";

/**
 * Plain StatsD (`c`, `g`, `ms`, `s`) as Etsy StatsD and compatible servers read it, with tags in
 * one of four formats. Distributions and timings are both `ms` (plain StatsD's histogram), one
 * context's values several to a line (`k:1|ms:2|ms`), set members too (`k:a|s:b|s`).
 *
 * @example
 * ```ts
 * const flavour = new EtsyFlavour("graphite", "udp");
 * flavour.counter(flavour.frame("jobs", { q: "a" }), 1, 1); // "jobs;q=a:1|c"
 * ```
 */
export class EtsyFlavour implements Flavour {
  readonly distributionKind: SampleKind = MetricKind.Timer;
  readonly timingKind: SampleKind = MetricKind.Timer;
  readonly negativeSamples = false;
  readonly emptySetMembers = true;
  private readonly tagFormat: TagFormat;
  private readonly clean: (text: string) => string;

  constructor(tagFormat: TagFormat, protocol: Protocol) {
    this.tagFormat = tagFormat;
    this.clean = createReplacer(reservedCharacters(tagFormat, protocol));
  }

  frame(key: string, tags: Tags): LineFrame {
    const name = this.clean(key);
    const clean = this.clean;
    let rendered = "";
    switch (this.tagFormat) {
      case "dogstatsd":
        for (const tag in tags) {
          rendered += `${rendered === "" ? "|#" : ","}${clean(tag)}:${clean(tags[tag] as string)}`;
        }
        return { head: name, tail: rendered };
      case "graphite":
        for (const tag in tags) rendered += `;${clean(tag)}=${clean(tags[tag] as string)}`;
        return { head: name + rendered, tail: "" };
      case "influx":
        for (const tag in tags) rendered += `,${clean(tag)}=${clean(tags[tag] as string)}`;
        return { head: name + rendered, tail: "" };
      case "none":
        return { head: name, tail: "" };
    }
  }

  counter(frame: LineFrame, value: number, sampleRate: number): string {
    return `${frame.head}:${value}|c${rateSuffix(sampleRate)}${frame.tail}`;
  }

  /**
   * A gauge. StatsD reads a leading sign as a relative change of an existing gauge, so a
   * negative value is sent as `0` first, then the value (in this order, in one payload run).
   */
  gauge(frame: LineFrame, value: number, emit: Emit): void {
    if (value < 0) emit(`${frame.head}:0|g${frame.tail}`, 0);
    emit(`${frame.head}:${value}|g${frame.tail}`, 1);
  }

  set(frame: LineFrame, members: Iterable<string | number>, maxBytes: number, emit: Emit): void {
    const clean = this.clean;
    const safe: string[] = [];
    for (const member of members)
      safe.push(typeof member === "number" ? String(member) : clean(member));
    multiValueLines(frame.head, safe, (m) => `:${m}|s`, frame.tail, maxBytes, emit);
  }

  samples(run: SampleRun, emit: Emit): void {
    const { frame, values, maxBytes } = run;
    const part = `|ms${rateSuffix(run.sampleRate)}`;
    multiValueLines(frame.head, values, (v) => `:${v}${part}`, frame.tail, maxBytes, emit);
  }
}
