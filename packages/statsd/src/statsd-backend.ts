import {
  type AggregatedWindow,
  Aggregator,
  ErrorThrottle,
  effectiveSampleRate,
  FlushWindow,
  multiValueLines,
  PacketPacker,
  type SampleContext,
} from "@metrics/aggregation";
import {
  type ErrorHandler,
  type MetricsBackend,
  MetricsError,
  type MetricsErrorCode,
  reportError,
  type Tags,
} from "@metrics/core";
import {
  type ResolvedStatsdOptions,
  resolveOptions,
  type StatsdBackendOptions,
} from "./options.js";
import { StatsdSocket } from "./transport/statsd-socket.js";
import { LineRenderer, rateSuffix } from "./wire/line-renderer.js";

/** The aggregator kind of every `ms` value: timings and distributions share StatsD's timer. */
const TIMER = "ms";

/**
 * A `MetricsBackend` speaking plain StatsD (`c`, `g`, `ms`, `s`) over UDP, TCP or a Unix
 * datagram socket, with client-side aggregation per flush window. Methods never throw.
 */
export class StatsdBackend implements MetricsBackend {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedStatsdOptions>;
  private readonly aggregator: Aggregator | undefined;
  private readonly renderer: LineRenderer;
  private readonly packer: PacketPacker;
  private readonly socket: StatsdSocket;
  private readonly window: FlushWindow;
  private readonly errors: ErrorThrottle<MetricsError>;
  private closed = false;
  private readonly emitLine = (line: string) => this.packer.add(line);

  constructor(options: StatsdBackendOptions = {}) {
    const resolved = resolveOptions(options);
    this.options = resolved;
    const onError: ErrorHandler = options.onError ?? reportError;
    this.errors = new ErrorThrottle(onError, resolved.flushIntervalMs);
    this.renderer = new LineRenderer(resolved.tagFormat, resolved.protocol);
    this.aggregator = resolved.aggregation
      ? new Aggregator({
          maxContexts: resolved.maxContexts,
          maxSamplesPerContext: resolved.maxSamplesPerContext,
          maxSetMembers: resolved.maxSetMembers,
          // A full timer context is sent at once rather than sampled: every value arrives.
          onSpill: (context) => this.renderTimer(context),
        })
      : undefined;
    this.socket = new StatsdSocket(resolved, {
      onTransportError: (error) =>
        this.report("transport_error", `transport_error:${String(error.code ?? "")}`, (n) =>
          suffixed(`StatsD ${resolved.protocol} transport failed: ${error.message}`, n),
        ),
      onLost: (payloads, bytes, reason) =>
        this.report("dropped", "dropped:lost", (n) =>
          suffixed(`${payloads} StatsD payload(s), ${bytes} bytes, lost: ${reason}`, n),
        ),
      onStalled: (payloads, bytes, waitedMs) =>
        this.report("transport_error", "transport_error:stalled", (n) =>
          suffixed(
            `${payloads} StatsD payload(s), ${bytes} bytes, still not sent after ${waitedMs} ms`,
            n,
          ),
        ),
    });
    this.packer = new PacketPacker({
      maxBytes: resolved.maxPacketSize,
      send: (payload, bytes) => this.socket.send(payload, bytes),
      onOversize: (line, bytes) =>
        this.report("dropped", "dropped:oversize", (n) =>
          suffixed(
            `a StatsD line of ${bytes} bytes exceeds maxPacketSize (${resolved.maxPacketSize}) and was dropped: ${line.slice(0, 80)}…`,
            n,
          ),
        ),
    });
    this.window = new FlushWindow({
      intervalMs: resolved.flushIntervalMs,
      flush: () => this.flushWindow(),
      release: () => this.socket.close(resolved.flushTimeoutMs),
      onError: (error) =>
        this.report("transport_error", "transport_error:flush", () =>
          String(error instanceof Error ? error.message : error),
        ),
    });
  }

  incr(key: string, amount: number, tags: Tags, sampleRate = 1, _unit?: string): void {
    if (this.closed) {
      this.reportClosed(key);
      return;
    }
    if (this.aggregator?.counter(key, tags, amount, sampleRate)) return;
    this.packer.add(this.renderer.counter(this.renderer.frame(key, tags), amount, sampleRate));
  }

  gauge(key: string, value: number, tags: Tags, _sampleRate = 1, _unit?: string): void {
    if (this.closed) {
      this.reportClosed(key);
      return;
    }
    if (this.aggregator?.gauge(key, tags, value)) return;
    this.renderer.gauge(this.renderer.frame(key, tags), value, this.emitLine);
  }

  distribution(key: string, value: number, tags: Tags, sampleRate = 1, _unit?: string): void {
    this.timerValue(key, value, tags, sampleRate);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate = 1): void {
    this.timerValue(key, seconds * 1000, tags, sampleRate);
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate = 1): void {
    if (this.closed) {
      this.reportClosed(key);
      return;
    }
    if (this.aggregator?.set(key, tags, member)) return;
    const frame = this.renderer.frame(key, tags);
    this.packer.add(this.renderer.set(frame, this.renderer.member(member)));
  }

  flush(): Promise<void> {
    return this.window.flush();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.window.close();
  }

  private timerValue(key: string, value: number, tags: Tags, sampleRate: number): void {
    if (this.closed) {
      this.reportClosed(key);
      return;
    }
    // StatsD servers reject negative timer values (Etsy counts them as bad lines).
    if (value < 0) {
      this.report("invalid_value", "invalid_value:negative_timer", (n) =>
        suffixed(`StatsD timers cannot carry negative values; ${key} = ${value} was dropped`, n),
      );
      return;
    }
    if (this.aggregator?.sample(TIMER, key, tags, value, sampleRate)) return;
    this.packer.add(this.renderer.timer(this.renderer.frame(key, tags), value, sampleRate));
  }

  private async flushWindow(): Promise<void> {
    this.socket.retry();
    if (this.aggregator !== undefined) this.render(this.aggregator.drain());
    this.packer.flush();
    await this.socket.drain(this.options.flushTimeoutMs);
    this.socket.idle();
  }

  /** Renders a drained window: counters, gauges, sets, then timers, several values per line. */
  private render(window: AggregatedWindow): void {
    const renderer = this.renderer;
    const emit = this.emitLine;
    const maxBytes = this.options.maxPacketSize;
    for (const c of window.counters)
      emit(renderer.counter(renderer.frame(c.key, c.tags), c.value, 1));
    for (const g of window.gauges) renderer.gauge(renderer.frame(g.key, g.tags), g.value, emit);
    for (const s of window.sets) {
      const frame = renderer.frame(s.key, s.tags);
      const members = [...s.members].map((member) => renderer.member(member));
      multiValueLines(frame.head, members, (m) => `:${m}|s`, frame.tail, maxBytes, emit);
    }
    for (const t of window.samples) this.renderTimer(t);
  }

  /** The values of one timer context, several to a line (`k:1|ms:2|ms`). */
  private renderTimer(context: SampleContext): void {
    const frame = this.renderer.frame(context.key, context.tags);
    const part = `|ms${rateSuffix(effectiveSampleRate(context))}`;
    const maxBytes = this.options.maxPacketSize;
    multiValueLines(
      frame.head,
      context.values,
      (v) => `:${v}${part}`,
      frame.tail,
      maxBytes,
      this.emitLine,
    );
  }

  private reportClosed(key: string): void {
    this.report("closed", "closed", (n) =>
      suffixed(`StatsdBackend is closed; ${key} was dropped`, n),
    );
  }

  private report(
    code: MetricsErrorCode,
    kind: string,
    message: (suppressed: number) => string,
  ): void {
    this.errors.report(
      kind,
      (suppressed) =>
        new MetricsError(code, message(suppressed), {
          dropped: code === "dropped" || code === "closed" ? 1 + suppressed : undefined,
        }),
    );
  }
}

function suffixed(message: string, suppressed: number): string {
  return suppressed === 0 ? message : `${message} (and ${suppressed} more since the last report)`;
}
