// A stand-in for an OpenTelemetry Collector: a loopback OTLP/HTTP receiver (JSON) that prints
// one line per data point it receives.
import { once } from "node:events";
import { createServer } from "node:http";

/** @param {{ key: string, value: { stringValue?: string } }[]} attributes */
function attributesText(attributes = []) {
  return attributes.map(({ key, value }) => `${key}=${value.stringValue}`).join(",");
}

/** @param {any} point @param {string} kind */
function pointText(point, kind) {
  if (kind === "histogram") return `count=${point.count} sum=${point.sum}`;
  return `value=${point.asDouble ?? point.asInt}`;
}

export async function startCollector() {
  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      for (const resource of body.resourceMetrics ?? [])
        for (const scope of resource.scopeMetrics ?? [])
          for (const metric of scope.metrics ?? [])
            for (const kind of ["sum", "gauge", "histogram"])
              for (const point of metric[kind]?.dataPoints ?? [])
                console.log(
                  `collector received ${kind} ${metric.name}{${attributesText(point.attributes)}} unit=${metric.unit ?? ""} ${pointText(point, kind)}`,
                );
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
