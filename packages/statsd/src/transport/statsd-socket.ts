import type { ResolvedOptions } from "../options.js";
import { createRawClient, type RawClient } from "./hot-shots-client.js";

/** What the socket tells its owner; the owner rate-limits and wraps these as `MetricsError`s. */
export interface SocketEvents {
  /** A socket or send failure (`code` e.g. `ECONNREFUSED`, `ENOTFOUND`). */
  onTransportError(error: Error & { code?: unknown }): void;
  /** Payloads known lost (UDP send failure, TCP/UDS hold full, closed while held). */
  onLost(payloads: number, bytes: number, reason: string): void;
}

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * Payloads out through hot-shots, with what hot-shots does not do:
 * - `drain()` resolves once every payload handed over so far has left the socket (or failed);
 * - on TCP and UDS, a payload whose send failed is held (up to `maxHeldBytes`) and resent, in
 *   order, after reconnecting with exponential backoff (0.5 s doubling to 30 s); while waiting,
 *   new payloads join the held queue instead of failing one by one.
 * UDP has no connection to wait for: a failed datagram is reported lost.
 */
export class StatsdSocket {
  private readonly options: ResolvedOptions;
  private readonly events: SocketEvents;
  private readonly holds: boolean;
  private readonly transient: boolean;
  private client: RawClient | undefined;
  private inFlight = 0;
  private drained: Array<() => void> = [];
  private held: string[] = [];
  private heldBytes = 0;
  private backoffMs = 0;
  private retryAt = 0;

  constructor(options: ResolvedOptions, events: SocketEvents) {
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
    this.write(payload, bytes);
  }

  /** Resolves when nothing handed to `send` is still on its way out. */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
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
  async close(): Promise<void> {
    await this.drain();
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

  private write(payload: string, bytes: number): void {
    this.inFlight += 1;
    const done = (error?: Error | null) => {
      if (error) this.failed(payload, bytes, error);
      else if (this.holds) this.backoffMs = 0;
      this.inFlight -= 1;
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
