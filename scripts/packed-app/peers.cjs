"use strict";
// Loopback peers for the packed-install exercise (copied into the temporary app): what each
// transport sends to, started by the exercise itself, on free loopback ports.
const assert = require("node:assert/strict");
const dgram = require("node:dgram");
const http = require("node:http");
const zlib = require("node:zlib");

/** A UDP socket on a free loopback port that keeps every datagram it receives. */
async function udpSink() {
  const socket = dgram.createSocket("udp4");
  const received = [];
  socket.on("message", (message) => received.push(message.toString("utf8")));
  await new Promise((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: socket.address().port, received, close: () => socket.close() };
}

/** An HTTP server on a free loopback port that keeps every request (body decompressed). */
async function httpIntake(answer = { status: 202, body: '{"errors":[]}' }) {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      let body = Buffer.concat(chunks);
      const encoding = request.headers["content-encoding"];
      if (encoding === "gzip") body = zlib.gunzipSync(body);
      if (encoding === "deflate") body = zlib.inflateSync(body);
      requests.push({ path: request.url, headers: request.headers, body: body.toString("utf8") });
      response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { url, requests, close };
}

/**
 * The `trace_metric` items of Sentry envelopes: an envelope is a header line, then per item a
 * header line and a payload (`length` bytes, or up to the next newline).
 */
function sentryMetrics(envelope) {
  const data = Buffer.from(envelope, "utf8");
  const items = [];
  let at = data.indexOf(0x0a) + 1;
  while (at > 0 && at < data.length) {
    let end = data.indexOf(0x0a, at);
    if (end === -1) end = data.length;
    const header = JSON.parse(data.subarray(at, end).toString("utf8"));
    at = end + 1;
    let payloadEnd = header.length === undefined ? data.indexOf(0x0a, at) : at + header.length;
    if (payloadEnd === -1) payloadEnd = data.length;
    const payload = data.subarray(at, payloadEnd).toString("utf8");
    at = payloadEnd + 1;
    if (header.type === "trace_metric") items.push(...JSON.parse(payload).items);
  }
  return items;
}

/** Waits until `predicate()` holds, for at most 5 s. */
async function eventually(predicate, what) {
  for (let waited = 0; waited < 5000; waited += 20) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

module.exports = { udpSink, httpIntake, sentryMetrics, eventually };
