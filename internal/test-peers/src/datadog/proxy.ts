import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";

/** A loopback HTTP proxy started by a test, and what went through it. */
export interface TestProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `host:port` of every CONNECT tunnel opened. */
  readonly tunnels: string[];
  /** Absolute URLs of every request forwarded without a tunnel. */
  readonly forwarded: string[];
  close(): Promise<void>;
}

/**
 * A real forward proxy on loopback: tunnels `CONNECT host:port` (what HTTPS clients and
 * `https-proxy-agent` use) and forwards plain requests whose target is an absolute URL. Written
 * here in a few lines because no proxy server from the registry is smaller to start in a test.
 *
 * @example
 * const proxy = await startProxy();
 * // HTTPS_PROXY=proxy.url ... send through it ...
 * expect(proxy.tunnels).toHaveLength(1);
 * await proxy.close();
 */
export async function startProxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    forwarded.push(request.url ?? "");
    const upstream = http.request(
      request.url ?? "",
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? "";
    tunnels.push(target);
    const [host, port] = target.split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    forwarded,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
