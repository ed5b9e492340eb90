import { Aggregator, type SampleKind } from "@metrics/aggregation";
import type { MetricsBackend, MetricsErrorCode, Tags } from "@metrics/core";
import { type Deadline, FlushWindow, TransportErrors } from "@metrics/transport";
import { PacketPacker } from "../pack/packet-packer.js";
import type { Flavour } from "../render/flavour.js";
import { WindowRenderer } from "../render/window-renderer.js";
import { WireSocket } from "../socket/wire-socket.js";
import { WireStats } from "../telemetry/wire-stats.js";
import { socketReports } from "./socket-reports.js";
import type { ResolvedWireOptions } from "./wire-options.js";

/** What a flavour's backend gives the stack. */
export interface WireBackendParts<F extends Flavour> {
  /** The package, starting every error message (e.g. `"@metrics/statsd"`). */
  readonly source: string;
  /** The options in effect. */
  readonly options: ResolvedWireOptions;
  /**
   * Builds the flavour lines are written in, once the socket exists (it gets the container id
   * the socket detected with `originDetection`).
   */
  readonly flavour: (containerId: string | undefined) => F;
  /** False writes one value per line instead of packing a context's values. Default true. */
  readonly packValues?: boolean;
  /** Lets hot-shots read the container id (DogStatsD origin detection). Default false. */
  readonly originDetection?: boolean;
}

/**
 * The StatsD-family backend, the same for every flavour: each call is aggregated per window
 * (`@metrics/aggregation`) or, past a bound, rendered at once; each window is rendered through
 * the flavour (`WindowRenderer`), packed into payloads (`PacketPacker`) and sent through one
 * socket (`WireSocket`); `FlushWindow` (`@metrics/transport`) schedules it, bounds `flush()` and
 * `close()` by `flushTimeoutMs` and flushes on `beforeExit`. Methods never throw.
 *
 * @example
 * ```ts
 * class MyBackend extends WireBackend {
 *   constructor(options: WireOptions = {}) {
 *     const resolved = resolveWireOptions("MyBackend", options, WIRE_OPTION_NAMES);
 *     super({ source: "my-package", options: resolved, flavour: () => new MyFlavour() });
 *   }
 * }
 * ```
 */
export class WireBackend<F extends Flavour = Flavour> implements MetricsBackend {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedWireOptions>;
  /** The one error reporter: per-kind windows, summed losses. */
  protected readonly errors: TransportErrors;
  /** What the stack counts about itself. */
  protected readonly stats = new WireStats();
  /** The socket: bounded queue, hold and resend, bounded close. */
  protected readonly socket: WireSocket;
  /** The flavour lines are written in. */
  protected readonly flavour: F;
  private readonly aggregator: Aggregator | undefined;
  private readonly renderer: WindowRenderer;
  private readonly packer: PacketPacker;
  private readonly window: FlushWindow;
  private closed = false;
  /** Adds one line, carrying `samples` calls, values or members, to the payload being packed. */
  protected readonly emitLine = (line: string, samples: number): void =>
    this.packer.add(line, samples);

  constructor(parts: WireBackendParts<F>) {
    const options = parts.options;
    this.options = options;
    this.errors = new TransportErrors({
      onError: options.onError,
      intervalMs: options.errorIntervalMs,
      source: parts.source,
    });
    this.socket = new WireSocket(
      { ...options, originDetection: parts.originDetection ?? false },
      socketReports(this.errors, this.stats, options.protocol, this.destination()),
    );
    this.flavour = parts.flavour(this.socket.containerId);
    const maxBytes = parts.packValues === false ? 0 : options.maxPacketSize;
    this.renderer = new WindowRenderer(this.flavour, maxBytes, {
      onNonFinite: (key, calls) =>
        this.errors.report(
          "invalid_value",
          "invalid_value:overflow",
          `the sum of "${key}" overflowed to a non-finite number; its ${calls} increments were not sent`,
          { key, dropped: calls },
        ),
    });
    this.aggregator = options.aggregation
      ? new Aggregator({
          maxContexts: options.maxContexts,
          maxSamplesPerContext: options.maxSamplesPerContext,
          maxSetMembers: options.maxSetMembers,
          // A full context is sent at once rather than sampled: every value arrives.
          onSpill: (context) => this.renderer.samples(context, this.emitLine),
        })
      : undefined;
    this.packer = new PacketPacker({
      maxBytes: options.maxPacketSize,
      send: (payload, bytes, samples) => this.socket.send(payload, bytes, samples),
      onOversize: (line, bytes, samples) => {
        const key = line.slice(0, Math.min(line.indexOf(":") >>> 0, 200));
        this.errors.report(
          "dropped",
          "dropped:oversize",
          `a line of ${bytes} bytes exceeds maxPacketSize (${options.maxPacketSize}); dropped`,
          { key, dropped: samples },
        );
      },
    });
    this.window = new FlushWindow({
      intervalMs: options.flushIntervalMs,
      timeoutMs: options.flushTimeoutMs,
      flush: (deadline, ending) => this.flushWindow(deadline, ending),
      release: (deadline) => this.socket.close(deadline),
      onError: (error) =>
        this.errors.report(
          "transport_error",
          "transport_error:flush",
          `flush failed: ${String(error)}`,
          { cause: error },
        ),
      onLate: (ms) =>
        this.errors.report(
          "transport_error",
          "transport_error:late",
          `flush or close cut off after flushTimeoutMs (${ms} ms)`,
        ),
      hasPending: options.flushOnExit ? () => this.hasPending() : undefined,
    });
  }

  incr(key: string, amount: number, tags: Tags, sampleRate = 1, unit?: string): void {
    if (!this.accept(key, amount, sampleRate)) return;
    if (this.aggregator?.counter(key, tags, amount, sampleRate, unit)) return;
    this.overflowed();
    const flavour = this.flavour;
    this.packer.add(flavour.counter(flavour.frame(key, tags), amount, sampleRate));
  }

  gauge(key: string, value: number, tags: Tags, sampleRate = 1, unit?: string): void {
    if (!this.accept(key, value, sampleRate)) return;
    if (this.aggregator?.gauge(key, tags, value, unit)) return;
    this.overflowed();
    this.flavour.gauge(this.flavour.frame(key, tags), value, this.emitLine);
  }

  distribution(key: string, value: number, tags: Tags, sampleRate = 1, unit?: string): void {
    this.sample(this.flavour.distributionKind, key, value, tags, sampleRate, unit);
  }

  /** A duration in seconds; it goes out in milliseconds. */
  timing(key: string, seconds: number, tags: Tags, sampleRate = 1): void {
    this.sample(this.flavour.timingKind, key, seconds * 1000, tags, sampleRate, undefined);
  }

  set(key: string, member: string | number, tags: Tags, sampleRate = 1): void {
    if (!this.accept(key, 0, sampleRate)) return;
    if (!this.validMember(member)) {
      const given = member === "" ? "an empty string" : `a ${typeof member}`;
      this.refused(key, "invalid_value", `a set member cannot be ${given} here`);
      return;
    }
    if (this.aggregator?.set(key, tags, member)) return;
    this.overflowed();
    this.flavour.set(
      this.flavour.frame(key, tags),
      [member],
      this.options.maxPacketSize,
      this.emitLine,
    );
  }

  /** Sends everything buffered; settles within `flushTimeoutMs`. */
  flush(): Promise<void> {
    return this.window.flush();
  }

  /** Flushes, then closes the socket, within `flushTimeoutMs`; reports what held-back errors summed. */
  close(): Promise<void> {
    this.closed = true;
    return this.window.close().then(() => this.errors.close());
  }

  /** A distribution, histogram or timer value of `kind`. */
  protected sample(
    kind: SampleKind,
    key: string,
    value: number,
    tags: Tags,
    rate: number,
    unit: string | undefined,
  ): void {
    if (!this.accept(key, value, rate)) return;
    if (value < 0 && !this.flavour.negativeSamples) {
      this.refused(key, "invalid_value", `${value} is negative, which this server rejects`);
      return;
    }
    if (this.aggregator?.sample(kind, key, tags, value, rate, unit)) return;
    this.overflowed();
    const frame = this.flavour.frame(key, tags);
    const maxBytes = this.options.maxPacketSize;
    this.flavour.samples(
      { kind, frame, values: [value], sampleRate: rate, maxBytes },
      this.emitLine,
    );
  }

  /** True unless the backend is closed; reports a call after `close()`. */
  protected open(key: unknown): boolean {
    if (!this.closed) return true;
    this.refused(key, "closed", "arrived after close()");
    return false;
  }

  /** Reports a call that was not sent, with its key. */
  protected refused(key: unknown, code: MetricsErrorCode, problem: string): void {
    this.stats.linesDropped += 1;
    const text = String(key);
    this.errors.report(code, code, `"${text}": ${problem}; dropped`, { key: text, dropped: 1 });
  }

  /** Lines the flavour adds at each flush after the window (DogStatsD's self-telemetry). */
  protected renderExtras(): void {}

  /** Where the payloads go, for messages. */
  protected destination(): string {
    const { protocol, host, port, path } = this.options;
    return protocol === "uds" ? String(path) : `${host}:${port}`;
  }

  /** The checks every numeric call passes before it may reach the wire. */
  private accept(key: string, value: number, sampleRate: number): boolean {
    if (
      !this.closed &&
      typeof key === "string" &&
      key !== "" &&
      Number.isFinite(value) &&
      sampleRate > 0 &&
      sampleRate <= 1
    ) {
      return true;
    }
    this.refuse(key, value, sampleRate);
    return false;
  }

  /** Why `accept` refused a call; apart so that `accept` stays small. */
  private refuse(key: string, value: number, sampleRate: number): void {
    if (!this.open(key)) return;
    if (typeof key !== "string" || key === "")
      this.refused(key, "invalid_key", "a metric key must be a non-empty string");
    else if (!Number.isFinite(value))
      this.refused(key, "invalid_value", `${String(value)} is not a finite number`);
    else
      this.refused(
        key,
        "invalid_sample_rate",
        `sample rate ${String(sampleRate)} is outside (0, 1]`,
      );
  }

  private validMember(member: string | number): boolean {
    if (typeof member === "number") return Number.isFinite(member);
    return typeof member === "string" && (member !== "" || this.flavour.emptySetMembers);
  }

  private overflowed(): void {
    if (this.aggregator !== undefined) this.stats.contextsOverflowed += 1;
  }

  /** Asked on `beforeExit`: anything not yet sent, not yet out of the socket, or not yet reported. */
  private hasPending(): boolean {
    return (
      (this.aggregator?.size ?? 0) > 0 ||
      this.packer.pendingBytes > 0 ||
      this.socket.queuedBytes > 0 ||
      this.errors.holdsBack
    );
  }

  /**
   * One window out, waiting for the socket until `deadline`. An ending flush resends what is held
   * at once; at a natural exit (not closing: close() releases the socket itself), what is still
   * held or unsent by the deadline is reported lost rather than left to keep the process alive.
   */
  private async flushWindow(deadline: Deadline, ending: boolean): Promise<void> {
    this.socket.retry(ending);
    if (this.aggregator !== undefined) {
      const window = this.aggregator.drain();
      this.renderer.window(window, this.emitLine);
      this.aggregator.recycle(window);
      this.stats.samplesSampledOut += window.sampledOut;
    }
    this.renderExtras();
    this.packer.flush();
    const drained = await this.socket.drain(deadline);
    if (ending && !this.closed) {
      this.socket.abandon();
      // The process is ending: the summaries the error windows hold back go out now.
      this.errors.close();
    } else if (!drained && !this.closed) {
      const { samples, bytes } = this.socket.unsent;
      this.errors.report(
        "transport_error",
        "transport_error:stalled",
        `${samples} metrics (${bytes} bytes) still not sent to ${this.destination()} after flushTimeoutMs (${this.options.flushTimeoutMs} ms); flush stopped waiting, they stay queued`,
      );
    }
    this.socket.idle();
  }
}
