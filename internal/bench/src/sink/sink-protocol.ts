import type { WireTotals } from "./wire-totals.js";

/** Parent → sink. */
export type SinkCommand =
  | { id: number; cmd: "reset" }
  /** Waits until nothing has arrived for `quietMs`, then answers with the totals. */
  | { id: number; cmd: "settle"; quietMs: number }
  | { id: number; cmd: "stop" };

/** Where the sink listens; `udsPath` is null when Unix datagram sockets are unavailable. */
export interface SinkAddress {
  udpPort: number;
  udsPath: string | null;
  /** Receive buffer the kernel granted the UDP socket, in bytes. */
  udpRecvBuffer: number;
}

export interface SinkTotals {
  udp: WireTotals;
  uds: WireTotals;
  /** Datagrams the kernel dropped on the UDP socket since the last reset (`/proc/net/udp`). */
  udpKernelDrops: number | null;
}

/** Sink → parent. */
export type SinkMessage =
  | { ready: SinkAddress }
  | { id: number; totals: SinkTotals }
  | { id: number; done: true };
