import type { Attributes, Meter, ObservableGauge, ObservableResult } from "@opentelemetry/api";

interface Members {
  attributes: Attributes;
  members: Set<string>;
}

/**
 * One set key as an OpenTelemetry observable gauge: members are collected per tag set, and each
 * collection (an export interval, or a `forceFlush`) observes how many unique members arrived
 * since the previous collection, then starts afresh. With several readers on one provider, each
 * collection takes the members since the last collection by any of them.
 */
export class SetGauge {
  private readonly gauge: ObservableGauge;
  private contexts = new Map<string, Members>();
  /** Members held across tag sets in this interval. */
  private size = 0;

  constructor(
    meter: Meter,
    name: string,
    private readonly maxMembers: number,
  ) {
    this.gauge = meter.createObservableGauge(name, {
      description: "unique members per export interval",
    });
    this.gauge.addCallback(this.observe);
  }

  /**
   * Adds a member; returns false when the set already holds `maxMembers` members across its tag
   * sets in this interval (the member is not counted). The bound holds even when no reader ever
   * collects (the API's no-op provider). `tags` may be a caller's object: a new tag set keeps a
   * copy, as the caller may change its object after the call.
   */
  add(tags: Readonly<Record<string, string>>, member: string): boolean {
    const context = contextOf(tags);
    let entry = this.contexts.get(context);
    if (entry?.members.has(member)) return true;
    if (this.size >= this.maxMembers) return false;
    if (entry === undefined) {
      entry = { attributes: { ...tags }, members: new Set() };
      this.contexts.set(context, entry);
    }
    entry.members.add(member);
    this.size += 1;
    return true;
  }

  /** Stops observing (after the backend's last flush). */
  detach(): void {
    this.gauge.removeCallback(this.observe);
  }

  private readonly observe = (result: ObservableResult): void => {
    const contexts = this.contexts;
    this.contexts = new Map();
    this.size = 0;
    for (const { attributes, members } of contexts.values())
      result.observe(members.size, attributes);
  };
}

/** A canonical string for a tag set (names sorted), so `{a,b}` and `{b,a}` share members. */
function contextOf(attributes: Attributes): string {
  const names = Object.keys(attributes).sort();
  return JSON.stringify(names.map((name) => [name, attributes[name]]));
}
