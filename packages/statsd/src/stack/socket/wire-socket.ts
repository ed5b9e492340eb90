import { Buffer } from "node:buffer";
import { constants as osConstants } from "node:os";
import type { Deadline } from "@metrics/transport";
import { createRawClient, type RawClient } from "./hot-shots-client.js";

/** How to reach the server: UDP, TCP or a Unix domain datagram socket (`uds`). */
export type Protocol = "udp" | "tcp" | "uds";

/** Where a {@link WireSocket} sends, and its bounds. */
export interface WireSocketSettings {
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
  readonly path: string | undefined;
  readonly dnsCacheTtlMs: number;
  /** Bytes written but not yet out, plus bytes held for a resend, past which payloads are lost. */
  readonly maxQueueBytes: number;
  /** The first wait before resending held payloads; it doubles on each failure, up to 10 s. */
  readonly reconnectIntervalMs: number;
  /** Lets hot-shots read the container id (DogStatsD origin detection). */
  readonly originDetection: boolean;
}

/** What the socket tells its owner; the owner reports these through `TransportErrors`. */
export interface WireSocketEvents {
  /** A socket or send failure (`code` e.g. `ECONNREFUSED`, `ENOTFOUND`). */
  onTransportError(error: Error & { code?: unknown }): void;
  /** Payloads known lost, with the samples (metrics) they held. */
  onLost(samples: number, bytes: number, reason: string): void;
  /** A payload left the process. */
  onSent?(bytes: number): void;
}

interface Payload {
  readonly text: string;
  readonly bytes: number;
  /** The calls, values and members its lines carry. */
  readonly samples: number;
}

const MAX_BACKOFF_MS = 10_000;
/** The longest wait for hot-shots to confirm a client closed (a TCP socket may never say so). */
const CLIENT_CLOSE_MS = 1_000;

/**
 * Payloads out through hot-shots (the socket library: UDP with cached DNS, TCP, Unix datagram
 * sockets), with what hot-shots does not do, once for every StatsD flavour:
 * - a bound: bytes in flight plus bytes held never exceed `maxQueueBytes`; a payload that does
 *   not fit is lost and reported with its line count, so memory stays bounded under any burst;
 * - one reconnect policy for TCP and UDS: a payload whose send failed is held and resent, in
 *   order, on a fresh client once the backoff has passed (from `reconnectIntervalMs`, doubling to
 *   10 s); while waiting, new payloads join the held queue. UDP has no connection: a failed
 *   datagram is lost and reported;
 * - `drain(deadline)`: resolves once everything handed over has left or failed, or at the
 *   deadline; `close(deadline)` brings the resend forward, drains, then reports whatever is
 *   still held or unconfirmed as lost, with exact line counts.
 * A Unix datagram socket cannot be unref'd, so it is opened on demand and closed by `idle()`.
 *
 * @example
 * ```ts
 * const socket = new WireSocket(settings, { onTransportError, onLost });
 * socket.send("jobs:1|c", 8, 1);
 * await socket.close(Deadline.in(10_000));
 * ```
 */
export class WireSocket {
  /** The container id hot-shots detected, with `originDetection`. */
  readonly containerId: string | undefined;
  private readonly settings: WireSocketSettings;
  private readonly events: WireSocketEvents;
  private readonly holds: boolean;
  private readonly transient: boolean;
  private readonly stream: boolean;
  private client: RawClient | undefined;
  private inFlight = new Set<Payload>();
  private inFlightBytes = 0;
  private drained: Array<() => void> = [];
  private held: Payload[] = [];
  private heldBytes = 0;
  private backoffMs = 0;
  private retryAt = 0;
  private closing = false;

  constructor(settings: WireSocketSettings, events: WireSocketEvents) {
    this.settings = settings;
    this.events = events;
    this.holds = settings.protocol !== "udp";
    this.transient = settings.protocol === "uds";
    this.stream = settings.protocol === "tcp";
    if (settings.originDetection) {
      this.client = this.connect();
      this.containerId = this.client.containerID || undefined;
    } else if (!this.transient) {
      this.client = this.connect();
    }
  }

  /** Bytes written and not yet out, plus bytes held for a resend. */
  get queuedBytes(): number {
    return this.inFlightBytes + this.heldBytes;
  }

  /** Sends one payload (already within the packet size) of `samples` samples. */
  send(text: string, bytes: number, samples: number): void {
    const payload: Payload = { text, bytes, samples };
    if (this.queuedBytes + bytes > this.settings.maxQueueBytes) {
      this.events.onLost(samples, bytes, "maxQueueBytes reached: the socket is not keeping up");
      return;
    }
    if (this.held.length > 0) {
      this.held.push(payload);
      this.heldBytes += bytes;
      this.retry();
      return;
    }
    this.write(payload);
  }

  /**
   * Resends held payloads on a fresh client if the backoff has passed, or whatever the backoff
   * when the process is going away (`now`).
   */
  retry(now = false): void {
    if (this.held.length > 0 && (now || Date.now() >= this.retryAt)) this.resendHeld();
  }

  /** Samples and bytes written and not yet out of the socket. */
  get unsent(): { samples: number; bytes: number } {
    let samples = 0;
    for (const payload of this.inFlight) samples += payload.samples;
    return { samples, bytes: this.inFlightBytes };
  }

  /**
   * Resolves `true` when nothing handed to `send` is still on its way out, `false` at the
   * deadline (what is unsent stays queued: `unsent` says how much).
   */
  async drain(deadline: Deadline): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    const done = new Promise<void>((resolve) => this.drained.push(resolve));
    return deadline.race(done);
  }

  /** Called after a flush has drained: closes a Unix socket until the next payload. */
  idle(): void {
    if (this.transient && this.inFlight.size === 0 && this.client !== undefined) {
      this.release(this.client);
      this.client = undefined;
    }
  }

  /**
   * Resends what is held at once (whatever the backoff), drains until the deadline, reports
   * what is still held or unconfirmed as lost, and closes the client.
   */
  async close(deadline: Deadline): Promise<void> {
    this.retry(true);
    await this.drain(deadline);
    this.closing = true;
    this.loseQueued("close");
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await deadline.race(this.release(client));
  }

  /**
   * The deadline of the flush at a natural exit has passed: what is held or not out of the
   * socket yet is reported lost, and a connection with writes pending is dropped, since those
   * writes would keep the process alive for as long as the server does not read. The socket
   * stays usable: a later payload opens a fresh connection.
   */
  abandon(): void {
    if (!this.loseQueued("exit flush") || this.client === undefined) return;
    void this.release(this.client);
    this.client = undefined;
  }

  private write(payload: Payload): void {
    this.inFlight.add(payload);
    this.inFlightBytes += payload.bytes;
    let settled = false;
    const done = (error?: Error | null) => {
      if (settled || !this.inFlight.delete(payload)) return;
      settled = true;
      this.inFlightBytes -= payload.bytes;
      if (error) this.failed(payload, error);
      else {
        if (this.holds) this.backoffMs = 0;
        this.events.onSent?.(payload.bytes);
      }
      if (this.inFlight.size === 0) for (const resolve of this.drained.splice(0)) resolve();
    };
    try {
      this.client ??= this.connect();
      // hot-shots writes TCP payloads with the `ascii` encoding, which Node writes as latin1:
      // handing it the UTF-8 bytes as latin1 characters puts exactly those bytes on the wire.
      const text = this.stream
        ? Buffer.from(payload.text, "utf8").toString("latin1")
        : payload.text;
      this.client.sendMessage(text, done);
    } catch (error) {
      done(error as Error);
    }
  }

  private failed(payload: Payload, error: Error & { code?: unknown }): void {
    this.events.onTransportError(error);
    if (!this.holds || this.closing) {
      this.events.onLost(payload.samples, payload.bytes, `send failed (${errorName(error)})`);
      return;
    }
    if (this.held.length === 0) {
      const first = this.settings.reconnectIntervalMs;
      this.backoffMs = Math.min(Math.max(this.backoffMs * 2, first), MAX_BACKOFF_MS);
      this.retryAt = Date.now() + this.backoffMs;
    }
    this.held.push(payload);
    this.heldBytes += payload.bytes;
  }

  /**
   * Reports what is held (the server never came back) and what is not out of the socket by the
   * deadline of `ending` as lost, and forgets it; true when something was not out yet.
   */
  private loseQueued(ending: "close" | "exit flush"): boolean {
    if (this.held.length > 0) {
      const samples = this.held.reduce((sum, payload) => sum + payload.samples, 0);
      this.events.onLost(
        samples,
        this.heldBytes,
        `the server was not back by the ${ending} deadline`,
      );
      this.held = [];
      this.heldBytes = 0;
    }
    const { samples, bytes } = this.unsent;
    this.inFlight.clear();
    this.inFlightBytes = 0;
    for (const resolve of this.drained.splice(0)) resolve();
    if (samples === 0) return false;
    this.events.onLost(samples, bytes, `not out of the socket by the ${ending} deadline`);
    return true;
  }

  /** A fresh connection, then every held payload in order. */
  private resendHeld(): void {
    if (this.client !== undefined) void this.release(this.client);
    this.client = this.connect();
    const payloads = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const payload of payloads) this.write(payload);
  }

  private connect(): RawClient {
    const s = this.settings;
    return createRawClient({
      protocol: s.protocol,
      host: s.host,
      port: s.port,
      path: s.path,
      dnsCacheTtlMs: s.dnsCacheTtlMs,
      originDetection: s.originDetection,
      onSocketError: (error) => this.events.onTransportError(error),
    });
  }

  /** Closes a client, bounded: hot-shots waits for a `close` event a dead TCP socket never emits. */
  private release(client: RawClient): Promise<void> {
    return new Promise<void>((resolve) => {
      setTimeout(resolve, CLIENT_CLOSE_MS).unref();
      try {
        client.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/**
 * A failure's name for messages: its code (`ECONNREFUSED`), else its message. unix-dgram reports
 * errors as negative errno numbers, named here (`-111` → `ECONNREFUSED`).
 *
 * @example
 * ```ts
 * errorName(Object.assign(new Error("x"), { code: -111 })); // "ECONNREFUSED" on Linux
 * ```
 */
export function errorName(error: Error & { code?: unknown }): string {
  const { code } = error;
  if (typeof code === "number" && code < 0) {
    const name = Object.entries(osConstants.errno).find(([, errno]) => errno === -code)?.[0];
    if (name !== undefined) return name;
  }
  return String(code ?? error.message);
}
