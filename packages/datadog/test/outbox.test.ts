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
    abortInFlight: () => {},
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
});
