import type { ResolvedStatsdOptions } from "../options.js";
import { createRawClient, type RawClient } from "./hot-shots-client.js";

/** What the socket tells its owner; the owner rate-limits and wraps these as `MetricsError`s. */
export interface SocketEvents {
  /** A socket or send failure (`code` e.g. `ECONNREFUSED`, `ENOTFOUND`). */
  onTransportError(error: Error & { code?: unknown }): void;
  /** Payloads known lost (UDP send failure, TCP/UDS hold full, closed while held). */
  onLost(payloads: number, bytes: number, reason: string): void;
  /** Payloads still not out of the socket when a flush stopped waiting for them. */
  onStalled(payloads: number, bytes: number, waitedMs: number): void;
}

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * Payloads out through hot-shots, with what hot-shots does not do:
 * - `drain()` resolves once every payload handed over so far has left the socket (or failed),
 *   or after a timeout;
 * - on TCP and UDS, a payload whose send failed is held (up to `maxHeldBytes`) and resent, in
 *   order, after reconnecting with exponential backoff (0.5 s doubling to 30 s); while waiting,
 *   new payloads join the held queue instead of failing one by one. Once no write has
 *   completed for `flushTimeoutMs` (a server that stopped reading), writes beyond
 *   `maxHeldBytes` in flight are treated as failed, so Node's socket buffer stays bounded.
 * UDP has no connection to wait for: a failed datagram is reported lost.
 */
export class StatsdSocket {
  private readonly options: ResolvedStatsdOptions;
  private readonly events: SocketEvents;
  private readonly holds: boolean;
  private readonly transient: boolean;
  private client: RawClient | undefined;
  private inFlight = 0;
  private inFlightBytes = 0;
  /** When a write last completed, or the first of the writes now in flight started. */
  private lastProgressAt = 0;
  private drained: Array<() => void> = [];
  private held: string[] = [];
  private heldBytes = 0;
  private backoffMs = 0;
  private retryAt = 0;

  constructor(options: ResolvedStatsdOptions, events: SocketEvents) {
    this.options = options;
    this.events = events;
    this.holds = options.protocol !== "udp";
    this.transient = options.protocol === "uds";
    // UDP and TCP sockets are unref'd by hot-shots and kept open. A unix-dgram socket cannot be
    // unref'd and would keep an idle process alive, so a UDS socket is opened on demand and
    // closed by `idle()` at the end of each flush.
    if (!this.transient) this.client = this.connect();
  }

  /** Sends one payload (already within the packet size). */
  send(payload: string, bytes: number): void {
    if (this.holds && this.held.length > 0) {
      this.hold(payload, bytes);
      if (Date.now() >= this.retryAt) this.resendHeld();
      return;
    }
    if (this.holds && this.inFlightBytes + bytes > this.options.maxHeldBytes && this.stalled()) {
      // A connected server that stopped reading: Node would buffer every write without bound.
      const error = new Error(`the server stopped reading (${this.inFlightBytes} bytes unsent)`);
      this.failed(payload, bytes, Object.assign(error, { code: "ESTALLED" }));
      return;
    }
    this.write(payload, bytes);
  }

  /**
   * Resolves when nothing handed to `send` is still on its way out, or after `timeoutMs`
   * (then `onStalled` reports what is still pending).
   */
  drain(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drained = this.drained.filter((waiter) => waiter !== done);
        this.events.onStalled(this.inFlight, this.inFlightBytes, timeoutMs);
        resolve();
      }, timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.drained.push(done);
    });
  }

  /** Resends held payloads if the backoff has passed (called on every flush). */
  retry(): void {
    if (this.held.length > 0 && Date.now() >= this.retryAt) this.resendHeld();
  }

  /** Called after a flush has drained: closes a UDS socket until the next payload. */
  idle(): void {
    if (this.transient && this.inFlight === 0 && this.client !== undefined) {
      closeQuietly(this.client);
      this.client = undefined;
    }
  }

  /** Drains, reports whatever is still held as lost, and closes the socket. */
  async close(timeoutMs: number): Promise<void> {
    await this.drain(timeoutMs);
    if (this.held.length > 0) {
      this.events.onLost(this.held.length, this.heldBytes, "closed before the server came back");
      this.held = [];
      this.heldBytes = 0;
    }
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await new Promise<void>((resolve) => {
      // hot-shots calls back on the socket's `close` event, which a TCP socket the server
      // already closed has emitted before: do not wait for it forever.
      setTimeout(resolve, CLOSE_TIMEOUT_MS).unref();
      try {
        client.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  /** No write has completed for a whole flush timeout while some are in flight. */
  private stalled(): boolean {
    return this.inFlight > 0 && Date.now() - this.lastProgressAt > this.options.flushTimeoutMs;
  }

  private write(payload: string, bytes: number): void {
    if (this.inFlight === 0) this.lastProgressAt = Date.now();
    this.inFlight += 1;
    this.inFlightBytes += bytes;
    const done = (error?: Error | null) => {
      this.inFlight -= 1;
      this.inFlightBytes -= bytes;
      this.lastProgressAt = Date.now();
      if (error) this.failed(payload, bytes, error);
      else if (this.holds) this.backoffMs = 0;
      if (this.inFlight === 0) {
        const waiting = this.drained;
        this.drained = [];
        for (const resolve of waiting) resolve();
      }
    };
    try {
      this.client ??= this.connect();
      this.client.sendMessage(payload, done);
    } catch (error) {
      done(error as Error);
    }
  }

  private failed(payload: string, bytes: number, error: Error & { code?: unknown }): void {
    this.events.onTransportError(error);
    if (!this.holds) {
      this.events.onLost(1, bytes, `send failed (${String(error.code ?? error.message)})`);
      return;
    }
    const firstFailure = this.held.length === 0;
    this.hold(payload, bytes);
    if (firstFailure) {
      this.backoffMs = Math.min(Math.max(this.backoffMs * 2, FIRST_BACKOFF_MS), MAX_BACKOFF_MS);
      this.retryAt = Date.now() + this.backoffMs;
    }
  }

  private hold(payload: string, bytes: number): void {
    if (this.heldBytes + bytes > this.options.maxHeldBytes) {
      this.events.onLost(1, bytes, "the server is unreachable and the hold is full");
      return;
    }
    this.held.push(payload);
    this.heldBytes += bytes;
  }

  /** A fresh connection, then every held payload in order. */
  private resendHeld(): void {
    if (this.client !== undefined) closeQuietly(this.client);
    this.client = this.connect();
    const payloads = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const payload of payloads) this.write(payload, Buffer.byteLength(payload, "utf8"));
  }

  private connect(): RawClient {
    const o = this.options;
    return createRawClient({
      protocol: o.protocol,
      host: o.host,
      port: o.port,
      path: o.path,
      dnsCacheTtlMs: o.dnsCacheTtlMs,
      onSocketError: (error) => this.events.onTransportError(error),
    });
  }
}

function closeQuietly(client: RawClient): void {
  try {
    client.close(() => {});
  } catch {
    // The socket is already gone; nothing to release.
  }
}
