import type { CountingPeer, PeerProtocol } from "@metrics/test-peers";
import type { MetricsBackend } from "../core-types.js";

/** A StatsD-family transport's class: built from an options object, as users build it. */
export type TransportClass = new (options?: never) => MetricsBackend;

/** The transport's real peer on each protocol it is tested over. */
export type PeerStarters = Partial<Record<PeerProtocol, () => Promise<CountingPeer>>>;
