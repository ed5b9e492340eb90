// Stands in for sentry.io: a loopback envelope endpoint that prints every metric item it receives.
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";

/** Starts the intake; `dsn` points the SDK at it. */
export async function startSentryIntake() {
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    let body = Buffer.concat(chunks);
    if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    // An envelope: a header line, then an item header line and a payload line per item.
    const lines = body.toString("utf8").split("\n");
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const header = JSON.parse(lines[i] ?? "{}");
      if (header.type !== "trace_metric") continue;
      for (const metric of JSON.parse(lines[i + 1] ?? "{}").items) {
        /** @type {Array<[string, { value: unknown }]>} */
        const attributes = Object.entries(metric.attributes);
        const tags = attributes
          .filter(([name]) => !name.startsWith("sentry.") && name !== "server.address")
          .map(([name, { value }]) => `${name}=${value}`)
          .join(",");
        const unit = metric.unit ? ` ${metric.unit}` : "";
        const trace = metric.span_id ? ` span=${metric.span_id}` : "";
        console.log(
          `sentry got ${metric.type} ${metric.name}=${metric.value}${unit} {${tags}}${trace}`,
        );
      }
    }
    response.writeHead(200).end("{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    dsn: `http://examplepublickey@127.0.0.1:${port}/1`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
