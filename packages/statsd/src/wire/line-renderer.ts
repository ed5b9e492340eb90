import { createReplacer, type Tags } from "@metrics/aggregation";
import type { Protocol, TagFormat } from "../options.js";
import { formatSampleRate } from "./format-number.js";
import { reservedCharacters } from "./reserved-characters.js";

/**
 * The two fixed parts of every line of one context: `head` (name, plus tags for Graphite and
 * Influx) goes before `:value|type`, `tail` (DogStatsD-style tags) after it.
 */
export interface LineFrame {
  head: string;
  tail: string;
}

/** Renders plain StatsD lines in one tag format, with reserved characters replaced. */
export class LineRenderer {
  private readonly tagFormat: TagFormat;
  private readonly clean: (text: string) => string;

  constructor(tagFormat: TagFormat, protocol: Protocol) {
    this.tagFormat = tagFormat;
    this.clean = createReplacer(reservedCharacters(tagFormat, protocol));
  }

  /** A set member with reserved characters replaced. */
  member(member: string | number): string {
    return typeof member === "number" ? String(member) : this.clean(member);
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

  counter(frame: LineFrame, amount: number, sampleRate: number): string {
    return `${frame.head}:${amount}|c${rateSuffix(sampleRate)}${frame.tail}`;
  }

  /**
   * A gauge. StatsD reads a leading sign as a relative change of an existing gauge, so a
   * negative value is sent as `0` first, then the value (in this order, in one payload run).
   */
  gauge(frame: LineFrame, value: number, emit: (line: string) => void): void {
    const line = `${frame.head}:${value}|g${frame.tail}`;
    if (value < 0) emit(`${frame.head}:0|g${frame.tail}`);
    emit(line);
  }

  /** One timer value (`ms`), for a sample sent on its own. */
  timer(frame: LineFrame, value: number, sampleRate: number): string {
    return `${frame.head}:${value}|ms${rateSuffix(sampleRate)}${frame.tail}`;
  }

  set(frame: LineFrame, member: string): string {
    return `${frame.head}:${member}|s${frame.tail}`;
  }
}

export function rateSuffix(sampleRate: number): string {
  return sampleRate >= 1 ? "" : `|@${formatSampleRate(sampleRate)}`;
}
