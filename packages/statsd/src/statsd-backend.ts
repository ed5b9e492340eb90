import { EtsyFlavour } from "./etsy/etsy-flavour.js";
import {
  type ResolvedStatsdOptions,
  resolveOptions,
  type StatsdBackendOptions,
} from "./options.js";
import { WireBackend } from "./stack/backend/wire-backend.js";

/**
 * A `MetricsBackend` speaking plain StatsD (`c`, `g`, `ms`, `s`) over UDP, TCP or a Unix
 * datagram socket: the StatsD wire stack with the Etsy flavour. Methods never throw.
 *
 * @example
 * ```ts
 * configure({ backend: new StatsdBackend({ host: "127.0.0.1", port: 8125 }) });
 * ```
 */
export class StatsdBackend extends WireBackend {
  /** The options in effect, defaults filled in. */
  declare readonly options: Readonly<ResolvedStatsdOptions>;

  constructor(options: StatsdBackendOptions = {}) {
    const resolved = resolveOptions(options);
    super({
      source: "@metrics/statsd",
      options: resolved,
      flavour: () => new EtsyFlavour(resolved.tagFormat, resolved.protocol),
    });
  }
}
