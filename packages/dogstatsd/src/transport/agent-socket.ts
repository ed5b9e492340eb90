import hotShots, { type ClientOptions } from "hot-shots";

/** How to reach the Agent: UDP, TCP or a Unix domain datagram socket (`uds`). */
export type Protocol = "udp" | "tcp" | "uds";

export interface AgentSocketOptions {
  protocol: Protocol;
  host: string;
  port: number;
  path: string;
  /** Lets hot-shots read the container id (`|c:` field); switches on its "datadog" mode. */
  originDetection: boolean;
  /** Least time between two attempts to replace a broken TCP or UDS connection. */
  reconnectIntervalMs: number;
  /** Bytes handed to the socket and not yet sent past which payloads are refused. */
  maxInFlightBytes: number;
  /** Longest wait of `drain()`, in ms. */
  flushTimeoutMs: number;
  /** `drain()` gave up: these payloads had neither been sent nor failed after `flushTimeoutMs`. */
  onStalled: (payloads: number, bytes: number) => void;
  /** Socket-level failures that are not the answer to one send (connect errors, resets). */
  onError: (error: Error & { code?: unknown }) => void;
}

/** Longest wait for hot-shots to confirm a client closed. */
const CLOSE_TIMEOUT_MS = 1000;

/** The part of hot-shots' client this transport uses: raw payloads in, callbacks out. */
interface HotShotsClient {
  sendMessage(message: string, callback: (error?: Error | null) => void): void;
  close(callback?: (error?: Error) => void): void;
  /** The current transport; hot-shots replaces it on reconnect, or leaves it null if it failed. */
  socket: object | null;
  containerID?: string;
}

// hot-shots' types omit `sendMessage`, the raw-payload entry point this transport relies on.
const StatsD = hotShots as unknown as new (options: ClientOptions) => HotShotsClient;

/**
 * The socket layer, on hot-shots: it owns UDP (cached DNS), TCP (keep-alive, reconnect) and Unix
 * datagram sockets (unix-dgram, reconnect, EAGAIN retries). We hand it finished payloads through
 * `sendMessage` and nothing else: every Datadog behaviour it would derive from the environment
 * (`DD_*` tags, telemetry, `DD_DOGSTATSD_URL` rerouting, buffering) is switched off explicitly.
 *
 * A unix-dgram socket cannot be unref'd, so an open UDS client would keep the process alive:
 * `closeIfIdle()` lets the owner release it after a quiet window, and the next send reopens it.
 */
export class AgentSocket {
  private client: HotShotsClient | undefined;
  private inFlight = 0;
  private inFlightBytes = 0;
  private drained: Array<() => void> = [];
  private sentSinceIdleCheck = false;
  private openedAt = 0;
  private readonly closing = new Set<Promise<void>>();
  readonly containerId: string | undefined;

  constructor(private readonly options: AgentSocketOptions) {
    if (options.originDetection) this.containerId = this.open().containerID || undefined;
  }

  /**
   * Sends one payload of `bytes` bytes; `done` gets the error, if any, once it left the process
   * or failed. Returns false, without sending, while `maxInFlightBytes` are still unsent (a TCP
   * server that stopped reading), so memory stays bounded.
   */
  send(
    payload: string,
    bytes: number,
    done: (error: (Error & { code?: unknown }) | undefined) => void,
  ): boolean {
    if (this.inFlight > 0 && this.inFlightBytes + bytes > this.options.maxInFlightBytes) {
      return false;
    }
    this.inFlight++;
    this.inFlightBytes += bytes;
    this.sentSinceIdleCheck = true;
    this.attempt(payload, true, (error) => {
      this.inFlight--;
      this.inFlightBytes -= bytes;
      done(error);
      if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
    });
    return true;
  }

  private attempt(
    payload: string,
    mayRetry: boolean,
    done: (error: (Error & { code?: unknown }) | undefined) => void,
  ): void {
    let client = this.client ?? this.open();
    // hot-shots retries a missing Unix socket only after failing the send that noticed it; a
    // fresh client connects in its constructor, so an Agent that came back gets this payload.
    const { protocol, reconnectIntervalMs } = this.options;
    if (protocol === "uds" && !client.socket && Date.now() - this.openedAt >= reconnectIntervalMs) {
      this.release();
      client = this.open();
    }
    const socketBefore = client.socket;
    let settled = false;
    const finish = (error?: Error | null) => {
      if (settled) return;
      settled = true;
      if (!error) return done(undefined);
      const failure = error as Error & { code?: unknown };
      this.replaceIfDead(client, failure);
      // hot-shots replaced a Unix socket whose Agent restarted (a new socket at the same path)
      // while failing this send: send it once more, after the failing send's callback is done.
      if (mayRetry && this.client === client && client.socket && client.socket !== socketBefore) {
        setImmediate(() => this.attempt(payload, false, done));
        return;
      }
      done(failure);
    };
    try {
      client.sendMessage(payload, finish);
    } catch (error) {
      finish(error as Error);
    }
  }

  /**
   * Resolves when every payload handed to `send` so far has been sent or has failed, or after
   * `flushTimeoutMs` (then `onStalled` says how much is still unsent).
   */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drained = this.drained.filter((waiting) => waiting !== done);
        this.options.onStalled(this.inFlight, this.inFlightBytes);
        resolve();
      }, this.options.flushTimeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.drained.push(done);
    });
  }

  /** For Unix sockets: closes the client when nothing was sent since the last call. */
  closeIfIdle(): void {
    if (this.options.protocol !== "uds") return;
    if (!this.sentSinceIdleCheck && this.inFlight === 0 && this.client) this.release();
    this.sentSinceIdleCheck = false;
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.client) this.release();
    await Promise.all(this.closing);
  }

  /**
   * hot-shots replaces a TCP connection on ECONNRESET and the like, but not once its socket is
   * destroyed (a server that was down at start): then we drop the client and the next send
   * connects afresh, at most once per reconnect interval.
   */
  private replaceIfDead(client: HotShotsClient, error: Error & { code?: unknown }): void {
    if (this.options.protocol !== "tcp" || error.code !== "ERR_SOCKET_DESTROYED") return;
    if (this.client !== client) return;
    if (Date.now() - this.openedAt >= this.options.reconnectIntervalMs) this.release();
  }

  private open(): HotShotsClient {
    const { protocol, host, port, path, originDetection, reconnectIntervalMs } = this.options;
    const client = new StatsD({
      protocol,
      host,
      port,
      path,
      datadog: originDetection,
      originDetection,
      includeDataDogTags: false,
      includeDatadogTelemetry: false,
      maxBufferSize: 0,
      cacheDns: true,
      tcpGracefulRestartRateLimit: reconnectIntervalMs,
      udsGracefulRestartRateLimit: reconnectIntervalMs,
      errorHandler: (error) => this.options.onError(error),
    });
    this.client = client;
    this.openedAt = Date.now();
    return client;
  }

  private release(): void {
    const client = this.client!;
    this.client = undefined;
    // hot-shots waits for a `close` event that a TCP socket destroyed earlier (server gone)
    // never emits again, so closing is bounded: nothing is in flight on a released client.
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      timer.unref();
      try {
        client.close(() => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
  }
}
