import net from "node:net";

/** A loopback TCP port with nothing listening on it (a server that is down). */
export async function downTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts and never reads, until `readAll()` reads what it was sent. */
export interface StalledServer {
  readonly port: number;
  /** Starts reading: resolves with every line received once each connection has ended. */
  readAll(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startStalledServer(): Promise<StalledServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.pause();
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async readAll() {
      const texts = await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<string>((resolve) => {
              let text = "";
              socket.setEncoding("utf8");
              socket.on("data", (chunk: string) => {
                text += chunk;
              });
              socket.on("close", () => resolve(text));
              socket.resume();
            }),
        ),
      );
      return texts.flatMap((text) => text.split("\n").filter((line) => line !== ""));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
