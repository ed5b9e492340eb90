// A loopback stand-in for the Datadog metrics intake: decodes the gzip (v2 series) and deflate
// (v1 distribution points) bodies, keeps one line per point, and answers 202 like the API.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import zlib from "node:zlib";

/** @param {import("node:http").IncomingMessage} request */
async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const encoding = request.headers["content-encoding"];
  const json =
    encoding === "gzip"
      ? zlib.gunzipSync(body)
      : encoding === "deflate"
        ? zlib.inflateSync(body)
        : body;
  return JSON.parse(json.toString("utf8"));
}

export async function startIntake() {
  const apiKey = randomUUID(); // any key works here; a real intake checks it
  /** @type {string[]} */
  const points = [];
  const server = http.createServer(async (request, response) => {
    if (request.headers["dd-api-key"] !== apiKey) return response.writeHead(403).end();
    const { series } = await readJson(request);
    for (const { metric, points: values, tags = [] } of series) {
      for (const point of values) {
        const value = Array.isArray(point) ? `[${point[1].join(", ")}]` : point.value;
        points.push(`${metric} ${value} #${tags.join(",")}`);
        console.log(`  intake: ${metric} ${value} #${tags.join(",")}`);
      }
    }
    response.writeHead(202, { "content-type": "application/json" }).end("{}");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    points,
    async stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}
