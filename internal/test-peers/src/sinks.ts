import { randomUUID } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ParsedLine, parseDatagram } from "./dogstatsd-parser.js";
import { parseStatsdDatagrams, type StatsdLine } from "./statsd-parser.js";

/** One datagram as it arrived, with its size in bytes. */
export interface Datagram {
  payload: Buffer;
  bytes: number;
}

/** A loopback receiver that records every datagram. */
export interface Sink {
  readonly datagrams: Datagram[];
  /** Resolves once nothing has arrived for `quietMs` since the call (and `min` datagrams arrived). */
  settle(options?: { quietMs?: number; min?: number; timeoutMs?: number }): Promise<Datagram[]>;
  /** Resolves once nothing has arrived for `quietMs` (default 50) since the call. */
  quiet(quietMs?: number): Promise<void>;
  /** The payload of every datagram so far, in arrival order. */
  payloads(): Buffer[];
  /** Every line of every datagram so far, through the strict DogStatsD parser (throws on any malformed one). */
  lines(): ParsedLine[];
  /** Every line of every datagram so far, through the strict plain StatsD parser. */
  statsdLines(): StatsdLine[];
  clear(): void;
  close(): Promise<void>;
}

abstract class RecordingSink implements Sink {
  readonly datagrams: Datagram[] = [];
  private lastArrival = Date.now();

  protected record(payload: Buffer): void {
    this.datagrams.push({ payload: Buffer.from(payload), bytes: payload.length });
    this.lastArrival = Date.now();
  }

  async settle({ quietMs = 50, min = 0, timeoutMs = 10_000 } = {}): Promise<Datagram[]> {
    const start = Date.now();
    const deadline = start + timeoutMs;
    for (;;) {
      // Quiet since the later of the last arrival and this call: what was sent just before the
      // call may still be on its way.
      const quietFor = Date.now() - Math.max(this.lastArrival, start);
      if (this.datagrams.length >= min && quietFor >= quietMs) return this.datagrams;
      if (Date.now() > deadline) {
        throw new Error(
          `sink: ${this.datagrams.length} datagrams after ${timeoutMs} ms, wanted ${min}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, quietMs - quietFor)));
    }
  }

  async quiet(quietMs = 50): Promise<void> {
    await this.settle({ quietMs });
  }

  payloads(): Buffer[] {
    return this.datagrams.map((d) => d.payload);
  }

  lines(): ParsedLine[] {
    return this.datagrams.flatMap((d) => parseDatagram(d.payload));
  }

  statsdLines(): StatsdLine[] {
    return parseStatsdDatagrams(this.payloads());
  }

  clear(): void {
    this.datagrams.length = 0;
  }

  abstract close(): Promise<void>;
}

/** A UDP socket on 127.0.0.1 and a port the OS picks. */
export class UdpSink extends RecordingSink {
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    super();
    socket.on("message", (message) => this.record(message));
  }

  /** Binds `port` (0: one the OS picks). */
  static async start(port = 0): Promise<UdpSink> {
    const socket = createSocket({ type: "udp4", recvBufferSize: 4 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, "127.0.0.1", () => resolve());
    });
    return new UdpSink(socket, socket.address().port);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

interface UnixDgramSocket {
  on(event: "message", listener: (message: Buffer) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  bind(path: string): void;
  close(): void;
}
/**
 * Node has no Unix datagram sockets; the optional unix-dgram addon (hot-shots' too) provides
 * them. Loaded when a UDS sink starts, so the UDP and TCP peers work where it was not built.
 */
function unixDgram(): { createSocket(type: "unix_dgram"): UnixDgramSocket } {
  return createRequire(import.meta.url)("unix-dgram");
}

/** A real Unix datagram socket bound to a fresh path under the OS temp directory. */
export class UdsSink extends RecordingSink {
  private socket: UnixDgramSocket | undefined;

  private constructor(readonly path: string) {
    super();
  }

  static async start(
    path = join(tmpdir(), `dsd-${randomUUID().slice(0, 8)}.sock`),
  ): Promise<UdsSink> {
    const sink = new UdsSink(path);
    await sink.listen();
    return sink;
  }

  /** Binds (again) at the same path: an agent that starts or restarts. */
  async listen(): Promise<void> {
    rmSync(this.path, { force: true });
    const socket = unixDgram().createSocket("unix_dgram");
    socket.on("message", (message) => this.record(message));
    await new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      (socket as unknown as NodeJS.EventEmitter).once("listening", () => resolve());
      socket.bind(this.path);
    });
    this.socket = socket;
  }

  /**
   * An agent that stops: its path goes first, so a sender's next datagram fails (and is held),
   * then what the sender already handed to this socket is read, then the socket closes. Closing
   * at once dropped a datagram still queued in the kernel, which the sender had seen go out.
   */
  async stop(): Promise<void> {
    rmSync(this.path, { force: true });
    if (this.socket === undefined) return;
    await this.settle({ quietMs: 50 });
    // The settle's timer can run before the poll phase reads a queued datagram; an immediate
    // runs after it.
    await new Promise((resolve) => setImmediate(resolve));
    this.socket.close();
    this.socket = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
  }
}

/** A TCP server on 127.0.0.1 (newline-framed lines); each connection's lines are recorded. */
export class TcpSink {
  readonly received: string[] = [];
  private buffered = "";
  private readonly sockets = new Set<import("node:net").Socket>();

  private constructor(
    private readonly server: import("node:net").Server,
    readonly port: number,
  ) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("data", (chunk) => {
        this.buffered += chunk.toString("utf8");
        const lines = this.buffered.split("\n");
        this.buffered = lines.pop()!;
        this.received.push(...lines);
      });
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(port = 0): Promise<TcpSink> {
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    return new TcpSink(server, typeof address === "object" && address ? address.port : port);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
