import type { TagInput } from "@metrics/core";
import {
  type ResolvedWireOptions,
  resolveWireOptions,
  WIRE_OPTION_NAMES,
  type WireOptions,
} from "@metrics/statsd/wire";
import { booleanOption, choiceOption, configError, stringOption } from "@metrics/transport";

/** How `timing()` goes out: DogStatsD type `d` (default), `ms` or `h`. */
export type TimingAs = "distribution" | "timer" | "histogram";

/** Options of {@link DogStatsdBackend}: the StatsD stack's, plus DogStatsD's own. */
export interface DogStatsdBackendOptions extends WireOptions {
  /** Tags added to every metric and event. */
  tags?: TagInput;
  /** Adds `env`, `service`, `version` from `DD_ENV`, `DD_SERVICE`, `DD_VERSION`. Default false. */
  unifiedServiceTags?: boolean;
  /** Where `unifiedServiceTags` reads from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Metric type of `timing()`. Default `distribution`. */
  timingAs?: TimingAs;
  /**
   * Packs the values of one context on one line, `name:v1:v2|d` (DogStatsD protocol 1.1, Agent
   * >= 6.25 / 7.25). Default true; false writes one value per line (older Agents, Etsy StatsD).
   */
  packValues?: boolean;
  /** Sends the transport's own counters (datagrams, bytes, drops). Default false. */
  telemetry?: boolean;
  /** Name prefix of the telemetry metrics. Default `metrics.dogstatsd.`. */
  telemetryPrefix?: string;
  /** Lets hot-shots detect the container id and send it as `|c:` (origin detection). Default false. */
  originDetection?: boolean;
  /** A container id to send as `|c:` without detection. */
  containerId?: string;
}

/** The options in effect (`DogStatsdBackend#options`): every option resolved, defaults filled in. */
export interface ResolvedDogStatsdOptions extends ResolvedWireOptions {
  /** The Unix socket path: the one given, or the Agent's default socket. */
  path: string;
  /** The constant tags, `env`/`service`/`version` included when `unifiedServiceTags` asked for them. */
  tags: Record<string, string>;
  /** Metric type of `timing()`. */
  timingAs: TimingAs;
  /** Whether the values of one context are packed on one line. */
  packValues: boolean;
  /** Whether the transport's own counters are sent. */
  telemetry: boolean;
  /** Name prefix of the telemetry metrics. */
  telemetryPrefix: string;
  /** Whether hot-shots detects the container id and sends it as `|c:`. */
  originDetection: boolean;
  /** The container ID sent for origin detection, if given. */
  containerId: string | undefined;
}

const OWNER = "DogStatsdBackend";
const NAMES: readonly string[] = [
  ...WIRE_OPTION_NAMES,
  "tags",
  "unifiedServiceTags",
  "env",
  "timingAs",
  "packValues",
  "telemetry",
  "telemetryPrefix",
  "originDetection",
  "containerId",
];
/** The Agent's default socket. */
const AGENT_SOCKET = "/var/run/datadog/dsd.socket";
/** The Agent reads at most this many bytes of a Unix datagram. */
const AGENT_UDS_BUFFER = 8192;

/** Validates options; bad configuration throws a `MetricsError` here, never on a hot path. */
export function resolveOptions(options: DogStatsdBackendOptions = {}): ResolvedDogStatsdOptions {
  const wire = resolveWireOptions(OWNER, options, NAMES, AGENT_SOCKET);
  if (wire.protocol === "uds" && wire.maxPacketSize > AGENT_UDS_BUFFER) {
    throw configError(
      OWNER,
      `maxPacketSize must be at most ${AGENT_UDS_BUFFER} for uds (the Agent's buffer), got ${wire.maxPacketSize}`,
    );
  }
  const containerId = stringOption(OWNER, "containerId", options.containerId, undefined);
  return {
    ...wire,
    path: wire.path as string,
    tags: constantTags(options),
    timingAs: choiceOption<TimingAs>(
      OWNER,
      "timingAs",
      options.timingAs,
      ["distribution", "timer", "histogram"],
      "distribution",
    ),
    packValues: booleanOption(OWNER, "packValues", options.packValues, true),
    telemetry: booleanOption(OWNER, "telemetry", options.telemetry, false),
    telemetryPrefix: stringOption(
      OWNER,
      "telemetryPrefix",
      options.telemetryPrefix,
      "metrics.dogstatsd.",
    ),
    originDetection: booleanOption(OWNER, "originDetection", options.originDetection, false),
    containerId,
  };
}

function constantTags(options: DogStatsdBackendOptions): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    if (value === null || value === undefined) continue;
    if (key === "") throw configError(OWNER, "tags may not have an empty name");
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw configError(OWNER, `tag ${JSON.stringify(key)} must be a string, number or boolean`);
    }
    tags[key] = String(value);
  }
  if (booleanOption(OWNER, "unifiedServiceTags", options.unifiedServiceTags, false)) {
    const env = options.env ?? process.env;
    for (const [variable, tag] of [
      ["DD_ENV", "env"],
      ["DD_SERVICE", "service"],
      ["DD_VERSION", "version"],
    ] as const) {
      const value = env[variable];
      if (value) tags[tag] = value;
    }
  }
  return tags;
}
