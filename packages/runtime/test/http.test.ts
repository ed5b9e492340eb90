import diagnosticsChannel from "node:diagnostics_channel";
import { once } from "node:events";
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { configure, type MetricRecord, type MetricsError, noopBackend } from "@metrics/core";
import { MemoryBackend } from "@metrics/core/testing";
import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { instrumentHttp } from "../src/index.js";

const SERVER = "http.server.request.duration";
const CLIENT = "http.client.request.duration";

let memory: MemoryBackend;
let errors: MetricsError[];
let handle: { stop(): void } | undefined;
const servers: Server[] = [];

beforeEach(() => {
  memory = new MemoryBackend();
  errors = [];
  configure({ backend: memory, onError: (e) => errors.push(e) });
});

afterEach(async () => {
  handle?.stop();
  handle = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  configure({ backend: noopBackend });
});

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(url: string, method = "GET"): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject)
      .end();
  });
}

/** Records of `key`, once `count` have arrived (events settle a tick after the client sees the end). */
async function recorded(key: string, count: number): Promise<MetricRecord[]> {
  for (let i = 0; i < 200 && memory.find(key).length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return memory.find(key);
}

describe("instrumentHttp", () => {
  it("times a served request and the request that made it, tagged by method and status", async () => {
    handle = instrumentHttp();
    const url = await listen((_request, response) => {
      setTimeout(() => response.writeHead(201).end("made"), 30);
    });
    expect(await get(`${url}/things/123?secret=1`, "POST")).toBe(201);
    const [server] = await recorded(SERVER, 1);
    const [client] = await recorded(CLIENT, 1);
    for (const record of [server!, client!]) {
      expect(record.type).toBe("timing");
      expect(record.tags).toEqual({ method: "POST", status: "201", status_class: "2xx" });
      expect(record.value).toBeGreaterThanOrEqual(0.029);
      expect(record.value).toBeLessThan(10);
    }
    expect(memory.records).toHaveLength(2);
  });

  it("tags Express routes by their template, mounted routers included, never the raw path", async () => {
    handle = instrumentHttp();
    const app = express();
    app.get("/users/:id", (_req, res) => void res.send("user"));
    const api = express.Router();
    api.get("/orders/:orderId", (_req, res) => void res.status(202).send("order"));
    app.use("/api", api);
    const url = await listen(app);
    await get(`${url}/users/42`);
    await get(`${url}/api/orders/7`);
    expect(await get(`${url}/nope/99`)).toBe(404);
    const records = await recorded(SERVER, 3);
    expect(records.map((r) => [r.tags.route, r.tags.status])).toEqual([
      ["/users/:id", "200"],
      ["/api/orders/:orderId", "202"],
      [undefined, "404"],
    ]);
    const values = memory.records.flatMap((r) => Object.values(r.tags));
    for (const raw of ["/users/42", "/api/orders/7", "/nope/99", "42", "7", "99"]) {
      expect(values).not.toContain(raw);
    }
  });

  it("takes the route from the `route` option, reporting once a route function that throws", async () => {
    let calls = 0;
    handle = instrumentHttp({
      client: false,
      route: (request) => {
        calls += 1;
        if (request.url === "/boom") throw new Error("route failed");
        return request.url?.startsWith("/items/") ? "/items/{id}" : undefined;
      },
    });
    const url = await listen((_request, response) => response.end("ok"));
    await get(`${url}/items/5`);
    await get(`${url}/boom`);
    await get(`${url}/boom`);
    const records = await recorded(SERVER, 3);
    expect(records.map((r) => r.tags.route)).toEqual(["/items/{id}", undefined, undefined]);
    expect(calls).toBe(3);
    expect(errors.map((e) => e.code)).toEqual(["invalid_tag"]);
    expect(memory.find(CLIENT)).toEqual([]);
  });

  it("times fetch through undici's channels", async () => {
    handle = instrumentHttp({ server: false });
    const url = await listen((_request, response) => response.writeHead(503).end());
    const response = await fetch(`${url}/x`, { method: "PUT" });
    await response.arrayBuffer();
    const [client] = await recorded(CLIENT, 1);
    expect(client!.tags).toEqual({ method: "PUT", status: "503", status_class: "5xx" });
    expect(memory.find(SERVER)).toEqual([]);
  });

  it("times a served request whose client went away as aborted", async () => {
    handle = instrumentHttp({ client: false });
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const url = await listen(() => arrived()); // never answers
    const request = http.get(`${url}/slow`).on("error", () => {});
    await arrival;
    request.destroy();
    const [server] = await recorded(SERVER, 1);
    expect(server!.tags).toEqual({ method: "GET", status: "aborted", status_class: "aborted" });
  });

  it("times a request that failed to connect, and a fetch cut off mid-response, as errors", async () => {
    handle = instrumentHttp({ server: false });
    const closed = await listen(() => {});
    const port = new URL(closed).port;
    servers[0]!.close();
    await expect(get(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    const [refused] = await recorded(CLIENT, 1);
    expect(refused!.tags).toEqual({
      method: "GET",
      status: "error",
      status_class: "error",
      error: "ECONNREFUSED",
    });
    const url = await listen((request) => request.socket.destroy());
    await expect(fetch(`${url}/cut`)).rejects.toThrow();
    const records = await recorded(CLIENT, 2);
    expect(records[1]!.tags).toMatchObject({
      method: "GET",
      status: "error",
      status_class: "error",
    });
  });

  it("folds unknown methods into _OTHER", async () => {
    handle = instrumentHttp();
    const url = await listen((_request, response) => response.end());
    await get(url, "PROPFIND"); // a method Node parses, outside the known set
    const records = [...(await recorded(SERVER, 1)), ...(await recorded(CLIENT, 1))];
    expect(records.map((r) => r.tags.method)).toEqual(["_OTHER", "_OTHER"]);
  });

  it("stop() removes every subscription; a second call replaces the first, timing once", async () => {
    const first = instrumentHttp();
    handle = instrumentHttp();
    const url = await listen((_request, response) => response.end());
    await get(url);
    await recorded(CLIENT, 1);
    await recorded(SERVER, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memory.records.map((r) => r.key).sort()).toEqual([CLIENT, SERVER]);
    first.stop(); // already stopped by the second call: changes nothing
    handle.stop();
    handle.stop();
    for (const channel of [
      "http.server.request.start",
      "http.server.response.finish",
      "http.client.request.start",
      "http.client.request.error",
      "http.client.response.finish",
      "undici:request:create",
      "undici:request:headers",
      "undici:request:error",
    ]) {
      expect(diagnosticsChannel.channel(channel).hasSubscribers, channel).toBe(false);
    }
    memory.clear();
    await get(url);
    await fetch(url).then((r) => r.arrayBuffer());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memory.records).toEqual([]);
  });
});
