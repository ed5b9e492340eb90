import { type MetricsBackend, MetricsError, reportError, type Tags } from "@metrics/core";
import { cappedCopies } from "@metrics/transport";
import * as installedSentry from "@sentry/node";
import {
  checkSdk,
  type ResolvedOptions,
  resolveOptions,
  type SentryBackendOptions,
  type SentryMetricOptions,
  type SentrySdk,
} from "./options.js";
import { Reporter } from "./reporter.js";
import { SetWindow } from "./set-window.js";

type MetricFunction = "count" | "gauge" | "distribution";

/**
 * Sends metrics to Sentry through the Sentry SDK's `metrics.count`, `metrics.gauge` and
 * `metrics.distribution`. Every metric but a set goes to the SDK at the call, so the SDK links it
 * to the span active at that moment; the SDK buffers and sends `trace_metric` envelope items.
 * Sets are counted here and sent as a gauge of unique members when their window closes.
 * The backend never closes the SDK it was given: `close()` only flushes it.
 *
 * @example
 * ```ts
 * import * as Sentry from "@sentry/node";
 * import { configure, metrics } from "@metrics/core";
 * import { SentryBackend } from "@metrics/sentry";
 *
 * Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 1 });
 * configure({ backend: new SentryBackend() }); // the @sentry/node initialised above
 * metrics.timing("db.query", 0.042, { tags: { table: "users" } }); // distribution, unit "second"
 * ```
 */
export class SentryBackend implements MetricsBackend {
  readonly #sdk: SentrySdk;
  readonly #options: ResolvedOptions;
  readonly #reporter: Reporter;
  readonly #sets: SetWindow;
  #setTimer: NodeJS.Timeout | undefined;
  /** Metrics handed to the SDK since the last flush: what a failed flush may have lost. */
  #handed = 0;
  #closing: Promise<void> | undefined;
  #closed = false;
  readonly #onBeforeExit = (): void => {
    if (this.#handed > 0 || !this.#sets.isEmpty) void this.flush();
  };

  constructor(options: SentryBackendOptions = {}) {
    this.#options = resolveOptions(options);
    this.#sdk =
      options.sentry === undefined
        ? checkSdk(installedSentry, "the installed @sentry/node")
        : checkSdk(options.sentry, "`sentry`");
    const onError = options.onError ?? reportError;
    if (typeof onError !== "function") {
      throw new MetricsError("invalid_option", "@metrics/sentry: `onError` must be a function");
    }
    this.#reporter = new Reporter(onError, () => this.#dsnSecrets());
    this.#sets = new SetWindow(this.#options.maxSetMembers);
    // Sets are held here until their window closes; at a natural exit they (and whatever the SDK
    // still buffers) are sent before the process ends. Prepended so that they reach the SDK's
    // buffer before the SDK's own beforeExit flush.
    process.prependListener("beforeExit", this.#onBeforeExit);
  }

  incr(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#refuseClosed(key)) return;
    this.#call("count", key, amount / sampleRate, tags, unit);
  }

  gauge(
    key: string,
    value: number,
    tags: Tags,
    _sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#refuseClosed(key)) return;
    this.#call("gauge", key, value, tags, unit);
  }

  distribution(
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    if (this.#refuseClosed(key)) return;
    // Sentry carries no sample rate: record the value as many times as it stands for.
    const copies = cappedCopies(sampleRate, key, this.#reporter.errors);
    for (let n = copies; n > 0; n--) this.#call("distribution", key, value, tags, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate: number): void {
    this.distribution(key, seconds, tags, sampleRate, "second");
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate: number): void {
    if (this.#refuseClosed(key)) return;
    this.#sets.add(key, member, tags);
    if (this.#setTimer === undefined) {
      this.#setTimer = setInterval(() => this.#closeSetWindow(), this.#options.setWindowMs);
      this.#setTimer.unref();
    }
  }

  /** Closes the set window, then waits for the SDK's flush, at most `flushTimeoutMs`. */
  async flush(): Promise<void> {
    if (this.#closed) return;
    this.#closeSetWindow();
    const handed = this.#handed;
    this.#handed = 0;
    if (this.#notInitialised()) {
      if (handed > 0) {
        this.#reporter.report(
          "no_client",
          "dropped",
          `${handed} metrics were dropped: Sentry is not initialised or has metrics disabled (enableMetrics: false)`,
          { dropped: handed },
        );
      }
      return;
    }
    const timeoutMs = this.#options.flushTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    // The SDK is given the deadline too; this timer is the guarantee if it overruns it.
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs + 50);
      timer.unref();
    });
    try {
      const sent = await Promise.race([Promise.resolve(this.#sdk.flush(timeoutMs)), deadline]);
      if (!sent) {
        this.#reporter.report(
          "flush_timeout",
          "transport_error",
          `the Sentry SDK did not finish sending within ${timeoutMs} ms; ` +
            `${handed} metrics handed to it since the previous flush may not have reached Sentry`,
        );
      }
    } catch (cause) {
      this.#reporter.report("flush_failed", "transport_error", "the Sentry SDK's flush failed", {
        cause,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Flushes (within `flushTimeoutMs`), then drops later calls. Never closes the SDK. */
  close(): Promise<void> {
    this.#closing ??= this.flush().finally(() => {
      this.#closed = true;
      clearInterval(this.#setTimer);
      process.removeListener("beforeExit", this.#onBeforeExit);
      this.#reporter.close();
    });
    return this.#closing;
  }

  /** Hands one metric to the SDK; an SDK that throws loses only this metric, reported. */
  #call(fn: MetricFunction, key: string, value: number, tags: Tags, unit?: string): void {
    // The SDK copies the attributes before anything can change them.
    const attributes = Object.hasOwn(tags, "__proto__") ? renameProtoTag(tags) : tags;
    const options: SentryMetricOptions = { attributes: attributes as Record<string, unknown> };
    if (unit !== undefined) options.unit = unit;
    try {
      this.#sdk.metrics[fn](key, value, options);
      this.#handed += 1;
    } catch (cause) {
      this.#reporter.report(`${fn}_threw`, "transport_error", `Sentry.metrics.${fn} threw`, {
        key,
        dropped: 1,
        cause,
      });
    }
  }

  #closeSetWindow(): void {
    if (this.#sets.isEmpty) return;
    const { contexts, refused } = this.#sets.take();
    for (const { key, tags, members } of contexts) this.#call("gauge", key, members.size, tags);
    if (refused > 0) {
      this.#reporter.report(
        "set_members",
        "dropped",
        `${refused} set members were dropped: a window holds at most ${this.#options.maxSetMembers}`,
        { dropped: refused },
      );
    }
  }

  #refuseClosed(key: string): boolean {
    if (!this.#closed) return false;
    this.#reporter.report("closed", "closed", `metric ${key} emitted after close() was dropped`, {
      key,
      dropped: 1,
    });
    return true;
  }

  #notInitialised(): boolean {
    if (this.#sdk.getClient === undefined) return false;
    try {
      const client = this.#sdk.getClient();
      return client === undefined || client.getOptions?.().enableMetrics === false;
    } catch {
      return false;
    }
  }

  /** The DSN's secret and public key, never to appear in a report. */
  #dsnSecrets(): string[] {
    try {
      const dsn = this.#sdk.getClient?.()?.getDsn?.();
      return [dsn?.pass ?? "", dsn?.publicKey ?? ""];
    } catch {
      return [];
    }
  }
}

/**
 * The SDK serialises attributes by assignment, so an attribute named `__proto__` would vanish
 * (it sets the prototype); the tag goes out as `_proto_` instead.
 */
function renameProtoTag(tags: Tags): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const name of Object.keys(tags))
    renamed[name === "__proto__" ? "_proto_" : name] = tags[name]!;
  return renamed;
}
