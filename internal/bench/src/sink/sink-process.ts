// Entry point of the sink child process: receives StatsD / DogStatsD datagrams on a loopback
// UDP port (and a Unix datagram socket when `unix-dgram` loads), counts them, and answers the
// parent's questions over IPC. It runs in its own process so decoding never steals time from the
// client under test, and it keeps datagrams raw until asked, so it reads as fast as it can.
import { createSocket } from "node:dgram";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SinkCommand, SinkMessage, SinkTotals } from "./sink-protocol.js";
import { addDatagram, emptyTotals, type WireTotals } from "./wire-totals.js";

const RECV_BUFFER_BYTES = 32 * 1024 * 1024; // the kernel caps it at net.core.rmem_max

interface Channel {
  pending: Buffer[];
  totals: WireTotals;
}

const udp: Channel = { pending: [], totals: emptyTotals() };
const uds: Channel = { pending: [], totals: emptyTotals() };
let lastArrival = 0;

function receive(channel: Channel, datagram: Buffer): void {
  channel.pending.push(datagram);
  lastArrival = performance.now();
}

function drain(channel: Channel): WireTotals {
  for (const datagram of channel.pending) addDatagram(channel.totals, datagram);
  channel.pending = [];
  return channel.totals;
}

function send(message: SinkMessage): void {
  process.send?.(message);
}

/** Drops the kernel counted on our UDP socket (last column of /proc/net/udp), if readable. */
function kernelDrops(port: number): number | null {
  try {
    const wanted = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
    for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[1]?.endsWith(wanted)) return Number(columns[columns.length - 1]);
    }
  } catch {
    // Not Linux: drops are unknown.
  }
  return null;
}

const udpSocket = createSocket({ type: "udp4", recvBufferSize: RECV_BUFFER_BYTES });
udpSocket.on("message", (datagram) => receive(udp, datagram));
await new Promise<void>((resolve) => udpSocket.bind(0, "127.0.0.1", resolve));
const udpPort = udpSocket.address().port;

// Node has no Unix datagram sockets; hot-shots' optional `unix-dgram` addon provides them.
let udsPath: string | null = join(tmpdir(), `metrics-bench-${process.pid}.sock`);
let udsSocket: { close(): void } | undefined;
try {
  const requireFromHotShots = createRequire(createRequire(import.meta.url).resolve("hot-shots"));
  const unixDgram = requireFromHotShots("unix-dgram") as {
    createSocket(
      type: "unix_dgram",
      listener: (datagram: Buffer) => void,
    ): {
      bind(path: string): void;
      close(): void;
    };
  };
  rmSync(udsPath, { force: true });
  const socket = unixDgram.createSocket("unix_dgram", (datagram) => receive(uds, datagram));
  socket.bind(udsPath);
  udsSocket = socket;
} catch {
  udsPath = null;
}

let dropBaseline = kernelDrops(udpPort) ?? 0;

process.on("message", async (command: SinkCommand) => {
  switch (command.cmd) {
    case "reset":
      drain(udp);
      drain(uds);
      udp.totals = emptyTotals();
      uds.totals = emptyTotals();
      dropBaseline = kernelDrops(udpPort) ?? 0;
      send({ id: command.id, done: true });
      break;
    case "settle": {
      const deadline = performance.now() + 30_000;
      while (performance.now() - lastArrival < command.quietMs && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const drops = kernelDrops(udpPort);
      const totals: SinkTotals = {
        udp: drain(udp),
        uds: drain(uds),
        udpKernelDrops: drops === null ? null : drops - dropBaseline,
      };
      send({ id: command.id, totals });
      break;
    }
    case "stop":
      udpSocket.close();
      udsSocket?.close();
      if (udsPath) rmSync(udsPath, { force: true });
      send({ id: command.id, done: true });
      process.disconnect();
      break;
  }
});

// If the bench dies, do not linger holding the sockets.
process.on("disconnect", () => {
  if (udsPath) rmSync(udsPath, { force: true });
  process.exit(0);
});

send({ ready: { udpPort, udsPath, udpRecvBuffer: udpSocket.getRecvBufferSize() } });
