import type { IncomingMessage, ServerResponse } from "node:http";
import { type MetricsBackend, reportError, type Tags } from "@metrics/core";
import { cappedCopies } from "@metrics/transport";
import { type Counter, Registry } from "prom-client";
import {
  type BoundAddress,
  type ListenOptions,
  type MetricsHandler,
  startExpositionServer,
} from "./exposition-server.js";
import { Families, type Family, type MetricOf } from "./families.js";
import type { LabelProblems, LabelSets, Series } from "./label-sets.js";
import {
  type PrometheusBackendOptions,
  type ResolvedPrometheusOptions,
  resolveOptions,
} from "./options.js";
import type { FamilyKind } from "./prometheus-names.js";
import { messageOf, Reporter } from "./reporter.js";

/**
 * A `MetricsBackend` that keeps metrics in a prom-client registry for Prometheus to scrape:
 * counters `<name>_total`, gauges, histograms (timings `<name>_seconds`), sets as a gauge of the
 * unique members of the last window. Serves them through {@link metrics}, {@link handler} or
 * {@link listen}. Methods never throw.
 *
 * @example
 * import { configure } from "@metrics/core";
 * import { PrometheusBackend } from "@metrics/prometheus";
 *
 * const backend = new PrometheusBackend();
 * await backend.listen({ port: 9464 }); // GET http://host:9464/metrics
 * configure({ backend });
 */
export class PrometheusBackend implements MetricsBackend {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedPrometheusOptions>;
  /** The prom-client registry the metrics live in (the one given, or the backend's own). */
  readonly registry: Registry;
  private readonly families: Families;
  private readonly reporter: Reporter;
  private readonly windowTimer: NodeJS.Timeout;
  private server: Promise<{ bound: BoundAddress; close: () => Promise<void> }> | undefined;
  private bound: BoundAddress | undefined;
  private closed = false;
  /** Counters without a unit, by key (`null`: refused), until `close()`: `incr`'s hot path. */
  private counters: ReadonlyMap<string, Family<Counter> | null>;

  constructor(options: PrometheusBackendOptions = {}) {
    this.options = resolveOptions(options);
    this.registry = options.registry ?? new Registry();
    this.reporter = new Reporter(options.onError ?? reportError);
    this.families = new Families(
      this.registry,
      this.options,
      (key, problem) => this.reporter.refuse("dropped", key, problem),
      (family) => this.problemsOf(family),
    );
    this.counters = this.families.counters;
    this.windowTimer = setInterval(() => this.endWindow(), this.options.windowMs);
    this.windowTimer.unref();
    const listen = options.listen;
    if (listen !== undefined) {
      this.listen(listen).catch((error: unknown) =>
        this.reporter.now(
          "transport_error",
          "listen",
          `PrometheusBackend could not listen on port ${listen.port}: ${messageOf(error)}`,
        ),
      );
    }
  }

  /** The address the `/metrics` server bound, once it is listening (else `undefined`). */
  get address(): BoundAddress | undefined {
    return this.bound;
  }

  /** The content type of {@link metrics}' text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  incr(key: string, amount: number, tags: Tags, sampleRate = 1, unit?: string): void {
    // The hot path: a counter already made for this key, and an amount that can be added.
    const family = unit === undefined ? this.counters.get(key) : undefined;
    if (family == null || !(amount >= 0)) {
      this.incrOtherwise(key, amount, tags, sampleRate, unit);
      return;
    }
    const series = family.labels.seriesOf(tags, family.problems);
    if (series !== undefined)
      this.add(series, key, sampleRate === 1 ? amount : amount / sampleRate);
  }

  gauge(key: string, value: number, tags: Tags, _sampleRate = 1, unit?: string): void {
    const found = this.find("gauge", key, unit, tags);
    if (found === undefined) return;
    found.series.value = value;
    found.series.dirty = true;
  }

  distribution(key: string, value: number, tags: Tags, sampleRate = 1, unit?: string): void {
    this.observe("histogram", key, value, tags, sampleRate, unit);
  }

  timing(key: string, seconds: number, tags: Tags, sampleRate = 1): void {
    this.observe("timing", key, seconds, tags, sampleRate, undefined);
  }

  set(key: string, member: string | number, tags: Tags, _sampleRate = 1): void {
    const found = this.find("set", key, undefined, tags);
    if (found === undefined) return;
    if (!found.family.window!.add(found.series, String(member))) {
      this.reporter.refuse(
        "dropped",
        key,
        `holds maxSetMembers (${this.options.maxSetMembers}) members in this window; a new member was not counted`,
      );
    }
  }

  /** The text exposition of the registry, as Prometheus scrapes it. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Serves {@link metrics} on an existing server: `GET`/`HEAD` get the exposition, any other
   * method 405. Mount it where Prometheus scrapes.
   *
   * @example
   * http.createServer((req, res) => req.url === "/metrics" ? backend.handler(req, res) : app(req, res));
   * expressApp.get("/metrics", backend.handler);
   */
  readonly handler: MetricsHandler = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    this.metrics().then(
      (text) => {
        response.writeHead(200, { "content-type": this.contentType });
        response.end(request.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        this.reporter.throttled(
          "transport_error",
          "exposition",
          `the registry could not render its metrics: ${messageOf(error)}`,
        );
        response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n");
      },
    );
  };

  /**
   * Starts an HTTP server for `GET /metrics` and resolves to the address it bound (`port: 0`
   * picks a free port). The server does not keep the process alive; `close()` stops it.
   *
   * @example
   * const { url } = await backend.listen({ port: 0, host: "127.0.0.1" });
   */
  async listen(options: ListenOptions): Promise<BoundAddress> {
    if (this.closed) throw new TypeError("listen(): the PrometheusBackend is closed");
    if (this.server !== undefined) throw new TypeError("listen(): already listening");
    this.server = startExpositionServer(this.handler, options);
    try {
      this.bound = (await this.server).bound;
      return this.bound;
    } catch (error) {
      this.server = undefined;
      throw error;
    }
  }

  /**
   * Ends the current set window (sets then show it) and reports what was dropped. Prometheus
   * pulls, so there is nothing to send.
   */
  async flush(): Promise<void> {
    this.endWindow();
  }

  /**
   * Ends the set window, stops the timer and the server of {@link listen}. The registry keeps its
   * values (a registry given is never cleared); later calls are dropped and reported.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.counters = new Map();
    clearInterval(this.windowTimer);
    this.endWindow();
    this.reporter.close();
    const server = this.server;
    if (server !== undefined) await (await server.catch(() => undefined))?.close();
  }

  /** `incr` the first time for a key, with a unit, after `close()`, or with a negative amount. */
  private incrOtherwise(
    key: string,
    amount: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    // A counter only goes up (prom-client would throw).
    if (amount < 0) {
      this.reporter.refuse(
        "invalid_value",
        key,
        `is a counter, which cannot decrease (amount ${amount})`,
      );
      return;
    }
    const found = this.find("counter", key, unit, tags);
    if (found !== undefined)
      this.add(found.series, key, sampleRate === 1 ? amount : amount / sampleRate);
  }

  /** Adds to a counter's sum since the last scrape. */
  private add(series: Series, key: string, amount: number): void {
    const sum = series.value + amount;
    // Past the largest double the series would show +Inf for ever: this call alone is dropped.
    if (sum === Number.POSITIVE_INFINITY) {
      this.reporter.refuse("invalid_value", key, "would overflow its counter's sum");
      return;
    }
    series.value = sum;
    series.dirty = true;
  }

  private observe(
    kind: "histogram" | "timing",
    key: string,
    value: number,
    tags: Tags,
    sampleRate: number,
    unit: string | undefined,
  ): void {
    const found = this.find(kind, key, unit, tags);
    if (found === undefined) return;
    const { metric } = found.family;
    const { labels } = found.series;
    try {
      if (sampleRate === 1) {
        metric.observe(labels, value);
        return;
      }
      // Prometheus carries no sample rate: observe the value as many times as it stands for.
      const copies = cappedCopies(sampleRate, key, this.reporter.errors);
      for (let i = 0; i < copies; i++) metric.observe(labels, value);
    } catch (error) {
      this.reporter.failed(key, error);
    }
  }

  /** The family and series of a call, or `undefined` when it is dropped (and reported). */
  private find<K extends FamilyKind>(
    kind: K,
    key: string,
    unit: string | undefined,
    tags: Tags,
  ): { family: Family<MetricOf[K]>; series: Series } | undefined {
    if (this.closed) {
      this.reporter.throttled(
        "closed",
        "closed",
        `PrometheusBackend is closed; "${key}" was dropped`,
        { key, dropped: 1 },
      );
      return undefined;
    }
    const families = this.families;
    const family = families.cached(kind, key, unit) ?? families.create(kind, key, unit, tags);
    if (family === null) return undefined;
    const series = family.labels.seriesOf(tags, family.problems);
    return series === undefined ? undefined : { family, series };
  }

  private problemsOf(family: { key: string; labels: LabelSets }): LabelProblems {
    return {
      extraTag: (tag) =>
        this.reporter.now(
          "invalid_tag",
          family.key,
          `"${family.key}": the tag "${tag}" is not among the label names fixed at its first call (${family.labels.names.join(", ") || "none"}); dropped the tag`,
        ),
      capReached: () =>
        this.reporter.now(
          "cardinality",
          family.key,
          `"${family.key}" reached maxLabelSets (${this.options.maxLabelSets}); values of a new label set are dropped, and counted at the end of each window`,
        ),
    };
  }

  /** Publishes the set windows and reports the values dropped at the label-set cap. */
  private endWindow(): void {
    for (const family of this.families.all) {
      family.window?.publish();
      const dropped = family.labels.dropped;
      if (dropped === 0) continue;
      family.labels.dropped = 0;
      this.reporter.now(
        "dropped",
        family.key,
        `"${family.key}": ${dropped} value(s) of new label sets dropped past maxLabelSets (${this.options.maxLabelSets})`,
        dropped,
      );
    }
  }
}
