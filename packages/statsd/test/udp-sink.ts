import dgram from "node:dgram";

/** A loopback UDP socket that keeps every datagram it receives. */
export interface UdpSink {
  readonly port: number;
  readonly datagrams: Buffer[];
  /** Resolves once no datagram has arrived for `quietMs` (default 50) since the call. */
  quiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startUdpSink(): Promise<UdpSink> {
  const socket = dgram.createSocket("udp4");
  const datagrams: Buffer[] = [];
  let lastArrival = Date.now();
  socket.on("message", (message) => {
    datagrams.push(message);
    lastArrival = Date.now();
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    port: socket.address().port,
    datagrams,
    async quiet(quietMs = 50) {
      const calledAt = Date.now();
      for (;;) {
        const wait = Math.max(lastArrival, calledAt) + quietMs - Date.now();
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
