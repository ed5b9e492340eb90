import { constants as osConstants } from "node:os";
import {
  type AggregatedWindow,
  Aggregator,
  effectiveSampleRate,
  FlushWindow,
  multiValueLines,
  PacketPacker,
} from "@metrics/aggregation";
import type { MetricsBackend, MetricsErrorCode, Tags } from "@metrics/core";
import { ErrorReporter } from "./error-reporter.js";
import {
  type DogStatsdBackendOptions,
  type ResolvedDogStatsdOptions,
  resolveOptions,
} from "./options.js";
import { Telemetry } from "./telemetry.js";
import { AgentSocket } from "./transport/agent-socket.js";
import { type EventOptions, encodeEvent } from "./wire/event.js";
import { formatNumber, LineRenderer, type WireType } from "./wire/lines.js";
import { TagRenderer } from "./wire/tags.js";

const TIMING_TYPE = { distribution: "d", timer: "ms", histogram: "h" } as const;
const NO_TAGS: Tags = Object.freeze({});

/**
 * The DogStatsD transport: aggregates calls per window (`@metrics/aggregation`), renders them as
 * DogStatsD 1.1 lines (values of one context packed `name:v1:v2|d`), packs the lines into
 * payloads of at most `maxPacketSize` bytes and hands each payload to hot-shots' socket layer.
 */
export class DogStatsdBackend implements MetricsBackend {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedDogStatsdOptions>;
  private readonly aggregator: Aggregator | undefined;
  private readonly renderer: LineRenderer;
  private readonly packer: PacketPacker;
  private readonly socket: AgentSocket;
  private readonly window: FlushWindow;
  private readonly errors: ErrorReporter;
  private readonly telemetry = new Telemetry();
  private readonly timingType: "d" | "ms" | "h";
  private closed = false;

  constructor(options: DogStatsdBackendOptions = {}) {
    const resolved = resolveOptions(options);
    this.options = resolved;
    this.errors = new ErrorReporter(resolved.onError, resolved.errorIntervalMs);
    this.timingType = TIMING_TYPE[resolved.timingAs];
    this.aggregator = resolved.aggregation
      ? new Aggregator({
          maxContexts: resolved.maxContexts,
          maxSamplesPerContext: resolved.maxSamplesPerContext,
        })
      : undefined;
    this.socket = new AgentSocket({
      protocol: resolved.protocol,
      host: resolved.host,
      port: resolved.port,
      path: resolved.path,
      originDetection: resolved.originDetection && resolved.containerId === undefined,
      reconnectIntervalMs: resolved.reconnectIntervalMs,
      maxInFlightBytes: resolved.maxInFlightBytes,
      flushTimeoutMs: resolved.flushTimeoutMs,
      onStalled: (payloads, bytes) =>
        this.errors.report(
          "transport_error",
          "stalled",
          `${payloads} payloads (${bytes} bytes) not sent to ${this.destination()} after ${resolved.flushTimeoutMs} ms; flush gave up waiting`,
        ),
      onError: (error) => this.transportError(error, 0, 0),
    });
    this.renderer = new LineRenderer(
      new TagRenderer(resolved.tags),
      resolved.containerId ?? this.socket.containerId,
    );
    this.packer = new PacketPacker({
      maxBytes: resolved.maxPacketSize,
      send: (payload, bytes) => this.sendPayload(payload, bytes),
      onOversize: (line, bytes) => {
        this.telemetry.linesDropped++;
        this.errors.report(
          "dropped",
          "oversize",
          `a line of ${bytes} bytes exceeds maxPacketSize (${resolved.maxPacketSize}); dropped`,
          { key: line.slice(0, Math.min(line.indexOf(":") >>> 0, 200)), dropped: 1 },
        );
      },
    });
    this.window = new FlushWindow({
      intervalMs: resolved.flushIntervalMs,
      flush: () => this.flushWindow(),
      release: () => this.socket.close(),
      onError: (error) =>
        this.errors.report("transport_error", "flush", `flush failed: ${String(error)}`, {
          cause: error,
        }),
    });
  }

  incr(key: string, amount: number, tags: Tags, sampleRate: number, _unit?: string): void {
    if (!this.accept(key, amount, sampleRate)) return;
    if (this.aggregator?.counter(key, tags, amount, sampleRate)) return;
    this.sendAtOnce("c", key, amount, sampleRate, tags);
  }

  gauge(key: string, value: number, tags: Tags, sampleRate: number, _unit?: string): void {
    if (!this.accept(key, value, sampleRate)) return;
    if (this.aggregator?.gauge(key, tags, value)) return;
    this.sendAtOnce("g", key, value, 1, tags);
  }

  distribution(key: string, value: number, tags: Tags, sampleRate: number, _unit?: string): void {
    this.sample("d", key, value, tags, sampleRate);
  }

  /** A DogStatsD histogram value (`h`), aggregated on the Agent; not part of `MetricsBackend`. */
  histogram(key: string, value: number, tags: Tags = NO_TAGS, sampleRate = 1): void {
    this.sample("h", key, value, tags, sampleRate);
  }

  /** A duration in seconds; it goes out in milliseconds, as `timingAs` says. */
  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.sample(this.timingType, key, seconds * 1000, tags, sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate?: number): void {
    if (this.closed) {
      this.reportClosed(key);
      return;
    }
    const valid =
      typeof key === "string" &&
      key !== "" &&
      ((typeof member === "string" && member !== "") ||
        (typeof member === "number" && Number.isFinite(member)));
    if (!valid) {
      this.reportInvalid(key, "invalid_value", "a set member must be a non-empty string or number");
      return;
    }
    if (this.aggregator) {
      if (this.aggregator.set(key, tags, member)) return;
      this.telemetry.contextsOverflowed++;
    }
    this.packer.add(this.renderer.setLine(key, String(member), tags));
  }

  /**
   * A Datadog event (`_e{…}`), sent with the next flush. Title and text lengths are counted in
   * UTF-8 bytes; line breaks are escaped as `\n`. Not part of `MetricsBackend`.
   */
  event(title: string, text: string, options: EventOptions = {}): void {
    if (this.closed) {
      this.reportClosed(String(title));
      return;
    }
    if (typeof title !== "string" || title === "" || typeof text !== "string") {
      this.reportInvalid(title, "invalid_value", "an event needs a non-empty title and a text");
      return;
    }
    const tags: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(options.tags ?? {})) {
      if (name !== "" && value !== null && value !== undefined) tags[name] = String(value);
    }
    this.packer.add(encodeEvent(title, text, options, this.renderer.eventTags(tags)));
  }

  flush(): Promise<void> {
    return this.window.flush();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.window.close().then(() => this.errors.reportSuppressed(true));
  }

  private sample(
    type: "d" | "h" | "ms",
    key: string,
    value: number,
    tags: Tags,
    rate: number,
  ): void {
    if (!this.accept(key, value, rate)) return;
    if (this.aggregator?.sample(type, key, tags, value, rate)) return;
    this.sendAtOnce(type, key, value, rate, tags);
  }

  /**
   * Sends one value unaggregated: aggregation is off, or its bounds refused the value. Kept out
   * of the methods above so that they stay small enough for V8 to inline into the facade.
   */
  private sendAtOnce(type: WireType, key: string, value: number, rate: number, tags: Tags): void {
    if (this.aggregator) this.telemetry.contextsOverflowed++;
    this.packer.add(this.renderer.line(type, key, value, rate, tags));
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

  /**
   * Reports why `accept` refused a call. Apart from `accept` so that the hot path stays small
   * enough for V8 to inline it into the facade's call sites.
   */
  private refuse(key: string, value: number, sampleRate: number): void {
    if (this.closed) this.reportClosed(key);
    else if (typeof key !== "string" || key === "")
      this.reportInvalid(key, "invalid_key", "a metric key must be a non-empty string");
    else if (!Number.isFinite(value))
      this.reportInvalid(key, "invalid_value", `value ${String(value)} is not a finite number`);
    else
      this.reportInvalid(
        key,
        "invalid_sample_rate",
        `sample rate ${String(sampleRate)} is outside (0, 1]`,
      );
  }

  private reportClosed(key: string): void {
    this.telemetry.linesDropped++;
    this.errors.report("closed", "closed", "a metric arrived after close(); dropped", {
      key: String(key),
      dropped: 1,
    });
  }

  private reportInvalid(key: unknown, code: MetricsErrorCode, message: string): void {
    this.telemetry.linesDropped++;
    this.errors.report(code, code, `${message}; dropped`, { key: String(key), dropped: 1 });
  }

  /** One window: render every context, pack, send, and wait until the payloads left. */
  private async flushWindow(): Promise<void> {
    this.socket.closeIfIdle();
    if (this.aggregator) this.renderWindow(this.aggregator.drain());
    if (this.options.telemetry) this.renderTelemetry();
    this.packer.flush();
    this.errors.reportSuppressed();
    await this.socket.drain();
  }

  private renderWindow(window: AggregatedWindow): void {
    const { renderer, packer } = this;
    const add = (line: string) => packer.add(line);
    for (const c of window.counters) packer.add(renderer.line("c", c.key, c.value, 1, c.tags));
    for (const g of window.gauges) packer.add(renderer.line("g", g.key, g.value, 1, g.tags));
    for (const s of window.sets) {
      for (const member of s.members) packer.add(renderer.setLine(s.key, member, s.tags));
    }
    // A limit of 0 bytes makes every value a line of its own.
    const maxBytes = this.options.packValues ? this.options.maxPacketSize : 0;
    for (const s of window.samples) {
      const tail = renderer.tail(s.kind as WireType, effectiveSampleRate(s), s.tags);
      multiValueLines(renderer.name(s.key), s.values, valuePart, tail, maxBytes, add);
    }
    this.telemetry.samplesSampledOut += window.sampledOut;
  }

  private renderTelemetry(): void {
    const tags = { transport: this.options.protocol };
    for (const [name, count] of this.telemetry.take()) {
      this.packer.add(this.renderer.line("c", this.options.telemetryPrefix + name, count, 1, tags));
    }
  }

  private sendPayload(payload: string, bytes: number): void {
    const accepted = this.socket.send(payload, bytes, (error) => {
      if (error) {
        this.transportError(error, bytes, countLines(payload));
      } else {
        this.telemetry.datagramsSent++;
        this.telemetry.bytesSent += bytes;
      }
    });
    if (accepted) return;
    const lines = countLines(payload);
    this.telemetry.datagramsDropped++;
    this.telemetry.bytesDropped += bytes;
    this.errors.report(
      "dropped",
      "backpressure",
      `${this.options.maxInFlightBytes} bytes are still unsent to ${this.destination()} (not reading?); payload dropped`,
      { dropped: lines },
    );
  }

  private transportError(error: Error & { code?: unknown }, bytes: number, lines: number): void {
    if (bytes > 0) {
      this.telemetry.datagramsDropped++;
      this.telemetry.bytesDropped += bytes;
    }
    const code = errorCode(error);
    this.errors.report(
      "transport_error",
      `transport_error:${code}`,
      `${this.options.protocol} send to ${this.destination()} failed (${code}): ${error.message}`,
      lines > 0 ? { dropped: lines, cause: error } : { cause: error },
    );
  }

  private destination(): string {
    const { protocol, host, port, path } = this.options;
    return protocol === "uds" ? path : `${host}:${port}`;
  }
}

/** unix-dgram reports errors as negative errno numbers; name them (`-111` → `ECONNREFUSED`). */
function errorCode(error: Error & { code?: unknown }): string {
  const { code } = error;
  if (typeof code === "number" && code < 0) {
    const name = Object.entries(osConstants.errno).find(([, errno]) => errno === -code)?.[0];
    if (name) return name;
  }
  return code === undefined ? "unknown" : String(code);
}

function valuePart(value: number): string {
  return `:${formatNumber(value)}`;
}

function countLines(payload: string): number {
  let lines = 1;
  for (let i = payload.indexOf("\n"); i !== -1; i = payload.indexOf("\n", i + 1)) lines++;
  return lines;
}
