import type { Gauge } from "prom-client";
import type { Series } from "./label-sets.js";

/**
 * One set key as a Prometheus gauge of unique members: members are collected per label set in
 * the current window, and when the window ends the gauge shows each label set's count (0 for one
 * seen before but silent in this window). A scrape so always reads the last complete window.
 */
export class SetWindow {
  private current = new Map<Series, Set<string>>();
  /** Members held across series in this window. */
  private size = 0;
  /** Every series the gauge shows, so a silent one drops to 0 instead of freezing. */
  private readonly shown = new Set<Series>();

  constructor(
    private readonly gauge: Gauge,
    private readonly maxMembers: number,
  ) {}

  /** Adds a member; returns false when the set holds `maxMembers` across its series (not counted). */
  add(series: Series, member: string): boolean {
    let members = this.current.get(series);
    if (members?.has(member)) return true;
    if (this.size >= this.maxMembers) return false;
    if (members === undefined) {
      members = new Set();
      this.current.set(series, members);
    }
    members.add(member);
    this.size += 1;
    return true;
  }

  /** Ends the window: the gauge now shows its counts, and a new window starts. */
  publish(): void {
    const window = this.current;
    this.current = new Map();
    this.size = 0;
    for (const series of window.keys()) this.shown.add(series);
    for (const series of this.shown) this.gauge.set(series.labels, window.get(series)?.size ?? 0);
  }
}
