import type { ErrorHandler, MetricsBackend } from "@metrics/core";
import type { CountingPeer, PeerProtocol } from "@metrics/test-peers";

/** What a StatsD-family transport's test gives the delivery kit. */
export interface DeliveryHarness {
  /** The transport's class name, for test titles. */
  readonly name: string;
  /** Builds the transport with these options (a target, bounds, `onError`). */
  create(options: Record<string, unknown> & { onError?: ErrorHandler }): MetricsBackend;
  /** The built package's ESM entry (an absolute path) and the class it exports, for child processes. */
  readonly built: { readonly entry: string; readonly exportName: string };
  /** Starts the transport's real peer on each protocol it is tested over. */
  readonly peers: Partial<Record<PeerProtocol, () => Promise<CountingPeer>>>;
}
