import type { MetricsError } from "@metrics/core";
import { TransportErrors } from "@metrics/transport";
import { describe, expect, it } from "vitest";
import { Outbox } from "../src/delivery/outbox.js";
import { RetryPolicy } from "../src/delivery/retry-policy.js";
import { type PayloadKind, payloadOf } from "../src/encoding/pack-payloads.js";
import { GAUGE, seriesPiece } from "../src/encoding/wire-pieces.js";

function payload(value: number) {
  return payloadOf("series", [
    seriesPiece({ timestamp: 0, host: undefined }, "m", GAUGE, value, [], undefined, undefined),
  ]);
}

function outbox(send: (kind: PayloadKind) => Promise<void>) {
  const errors: MetricsError[] = [];
  const box = new Outbox({
    send: (packed) => send(packed.kind),
    policy: new RetryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
    errors: new TransportErrors({
      onError: (error) => errors.push(error),
      intervalMs: 10_000,
      source: "test",
    }),
    maxQueueBytes: 1_000_000,
    maxRetries: 3,
  });
  return { box, errors };
}

describe("outbox", () => {
  it("never sends points older than the API's one hour, and reports them", async () => {
    const sent: PayloadKind[] = [];
    const { box, errors } = outbox(async (kind) => {
      sent.push(kind);
    });
    const now = Math.floor(Date.now() / 1000);
    await box.add(payload(1), now - 3700);
    await box.add(payload(2), now);
    expect(sent).toEqual(["series"]);
    expect(errors.map((error) => [error.code, error.dropped])).toEqual([["dropped", 1]]);
    expect(errors[0]!.message).toContain("older than");
  });

  it("settles add() and drain() only once a payload was accepted", async () => {
    let failures = 2;
    const { box, errors } = outbox(async () => {
      if (failures-- > 0) throw Object.assign(new Error("reset"), { code: "ECONNRESET" });
    });
    const now = Math.floor(Date.now() / 1000);
    let settled = false;
    void box.add(payload(1), now).then(() => {
      settled = true;
    });
    expect(settled).toBe(false);
    await box.drain();
    expect(settled).toBe(true);
    expect(failures).toBe(-1);
    expect(errors).toEqual([]);
  });

  it("abandon() reports what is queued lost, leaves the attempt in flight to its own outcome, and stays usable", async () => {
    let intakeUp = false;
    const sent: number[] = [];
    const { box, errors } = outbox(async () => {
      sent.push(sent.length);
      if (!intakeUp) throw Object.assign(new Error("reset"), { code: "ECONNRESET" });
    });
    const now = Math.floor(Date.now() / 1000);
    box.hurry();
    const first = box.add(payload(1), now); // in flight from here on
    const second = box.add(payload(2), now); // queued behind it
    box.abandon();
    await second;
    expect(errors.map((error) => [error.code, error.dropped])).toEqual([["dropped", 1]]);
    expect(errors[0]!.message).toContain("deadline");
    // The first failed after abandon(): retried with the policy's backoff, not given up.
    intakeUp = true;
    await first;
    expect(sent.length).toBeGreaterThanOrEqual(2);
    await box.add(payload(3), now);
    expect(box.heldBytes).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
