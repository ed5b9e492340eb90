import { MetricKind, type SampleKind, type Tags } from "@metrics/aggregation";
import {
  type Emit,
  type Flavour,
  type LineFrame,
  multiValueLines,
  rateSuffix,
  type SampleRun,
} from "@metrics/statsd/wire";
import { sanitizeMember, sanitizeName } from "./sanitize.js";
import type { TagRenderer } from "./tags.js";

/** DogStatsD's wire type of each sample kind. */
const SAMPLE_TYPE = {
  [MetricKind.Distribution]: "d",
  [MetricKind.Histogram]: "h",
  [MetricKind.Timer]: "ms",
} as const satisfies Record<SampleKind, string>;

/**
 * DogStatsD 1.1 as the Datadog Agent reads it: `<name>:<v1>[:<v2>…]|<type>[|@rate][|#tags][|c:id]`,
 * with `d` and `h` beside `c`, `g`, `ms`, `s`; the values of one context packed on one line; one
 * set member a line. Names, tags and members are made wire-safe once per context and window.
 *
 * @example
 * ```ts
 * const flavour = new DogStatsdFlavour(new TagRenderer({ env: "prod" }), undefined, "timer");
 * flavour.counter(flavour.frame("jobs", {}), 2, 1); // "jobs:2|c|#env:prod"
 * ```
 */
export class DogStatsdFlavour implements Flavour {
  readonly distributionKind: SampleKind = MetricKind.Distribution;
  readonly timingKind: SampleKind;
  readonly negativeSamples = true;
  readonly emptySetMembers = false;
  private readonly tags: TagRenderer;
  private readonly containerField: string;

  constructor(tags: TagRenderer, containerId: string | undefined, timingKind: SampleKind) {
    this.tags = tags;
    this.timingKind = timingKind;
    this.containerField = containerId ? `|c:${containerId.replace(/[|,#\s]/gu, "_")}` : "";
  }

  frame(key: string, tags: Tags): LineFrame {
    return { head: sanitizeName(key), tail: this.tags.render(tags) + this.containerField };
  }

  counter(frame: LineFrame, value: number, sampleRate: number): string {
    return `${frame.head}:${value}|c${rateSuffix(sampleRate)}${frame.tail}`;
  }

  /** The Agent reads every gauge value as absolute, a negative one included. */
  gauge(frame: LineFrame, value: number, emit: Emit): void {
    emit(`${frame.head}:${value}|g${frame.tail}`, 1);
  }

  /** One member a line: the Agent does not unpack set lines. */
  set(frame: LineFrame, members: Iterable<string | number>, _max: number, emit: Emit): void {
    for (const member of members) {
      const text = typeof member === "number" ? String(member) : sanitizeMember(member);
      emit(`${frame.head}:${text}|s${frame.tail}`, 1);
    }
  }

  samples(run: SampleRun, emit: Emit): void {
    const { frame, values, maxBytes } = run;
    const tail = `|${SAMPLE_TYPE[run.kind]}${rateSuffix(run.sampleRate)}${frame.tail}`;
    multiValueLines(frame.head, values, valuePart, tail, maxBytes, emit);
  }

  /** The `|#…` field of an event (constant tags included) and nothing else. */
  eventTags(tags: Tags): string {
    return this.tags.render(tags);
  }
}

function valuePart(value: number): string {
  return `:${value}`;
}
