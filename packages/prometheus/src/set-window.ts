import type { Gauge } from "prom-client";
import type { Labels } from "./label-sets.js";

interface Members {
  labels: Labels;
  members: Set<string>;
}

/**
 * One set key as a Prometheus gauge of unique members: members are collected per label set in
 * the current window, and when the window ends the gauge shows each label set's count (0 for one
 * seen before but silent in this window). A scrape so always reads the last complete window.
 */
export class SetWindow {
  private current = new Map<string, Members>();
  /** Every label set the gauge shows, so a silent one drops to 0 instead of freezing. */
  private readonly shown = new Map<string, Labels>();

  constructor(
    private readonly gauge: Gauge,
    private readonly maxMembers: number,
  ) {}

  /** Adds a member; returns false when the label set already holds `maxMembers` (not counted). */
  add(labels: Labels, member: string): boolean {
    const id = JSON.stringify(labels);
    let entry = this.current.get(id);
    if (entry === undefined) {
      entry = { labels, members: new Set() };
      this.current.set(id, entry);
    }
    if (entry.members.size >= this.maxMembers && !entry.members.has(member)) return false;
    entry.members.add(member);
    return true;
  }

  /** Ends the window: the gauge now shows its counts, and a new window starts. */
  publish(): void {
    const window = this.current;
    this.current = new Map();
    for (const [id, { labels }] of window) this.shown.set(id, labels);
    for (const [id, labels] of this.shown)
      this.gauge.set(labels, window.get(id)?.members.size ?? 0);
  }
}
