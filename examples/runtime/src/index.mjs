// Runtime metrics and HTTP timings of an Express service, without a line of middleware. They go
// through the facade, so any backend gets them; here the logging backend prints each one.
import { configure } from "@metrics/core";
import { LoggingBackend } from "@metrics/core/logging";
import { instrumentHttp, startRuntimeMetrics } from "@metrics/runtime";
import express from "express";

configure({ backend: new LoggingBackend(), prefix: "shop" });

// At startup, once (the interval is 10 s by default; 200 ms here so the example ends quickly).
const runtime = startRuntimeMetrics({ intervalMs: 200, tags: { service: "shop" } });
const http = instrumentHttp(); // every request served or made: node:http, https and fetch

const app = express();
app.get("/orders/:id", (_request, response) => {
  response.json({ ok: true });
});
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", () => resolve(undefined)));
const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

// Served and made: tagged with the route template `/orders/:id`, never `/orders/1234`.
await (await fetch(`http://127.0.0.1:${port}/orders/1234`)).json();
await (await fetch(`http://127.0.0.1:${port}/missing`)).text();

await new Promise((resolve) => setTimeout(resolve, 300)); // one runtime interval
runtime.stop();
http.stop();
server.close();
