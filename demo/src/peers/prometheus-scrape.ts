/**
 * What a scraper sees, without a Prometheus server: the demo scrapes the backend's own
 * `/metrics` server (`listen()`) over HTTP once a second and decodes the text exposition format.
 * Written here because the package's strict parser lives in its tests, which are not importable.
 */
import type { TagMap } from "../received.js";
import { ActivityLog, type Peer } from "./peer.js";
import { type Family, keyOfHelp, receivedFrom, type Series } from "./prometheus-series.js";

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseLabels(text: string | undefined): TagMap {
  const labels: TagMap = {};
  for (const [, name = "", value = ""] of (text ?? "").matchAll(LABEL)) {
    labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

/**
 * A scraper of the backend's `/metrics`, keeping every value scraped of every series.
 *
 * @example
 * const peer = startPrometheusScrape();
 * const { url } = await backend.listen({ port: 0, host: "127.0.0.1" });
 * if (peer.address.kind === "scrape") await peer.address.target(url);
 */
export function startPrometheusScrape(): Peer {
  let url: string | undefined;
  const families = new Map<string, Family>();
  const history = new Map<string, Series>();
  const activity = new ActivityLog();

  async function poll(): Promise<void> {
    if (url === undefined) return;
    const response = await fetch(url);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    let samples = 0;
    for (const line of text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        const [, name = "", ...help] = line.slice(2).split(" ");
        const key = keyOfHelp(help.join(" "));
        if (key !== undefined) families.set(name, { key, type: families.get(name)?.type ?? "" });
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        const [name = "", type = ""] = line.slice(7).split(" ");
        const family = families.get(name);
        if (family !== undefined) family.type = type;
        continue;
      }
      const sample = SAMPLE.exec(line);
      if (sample === null) continue;
      const [, name = "", labelText = "", value = ""] = sample;
      const id = `${name}{${labelText}}`;
      const series = history.get(id) ?? { name, labels: parseLabels(labelText), values: [] };
      series.values.push(Number(value));
      history.set(id, series);
      samples++;
    }
    activity.push(`GET /metrics (${(text.length / 1024).toFixed(1)} kB): ${samples} samples`);
  }

  return {
    get description() {
      return `GET ${url ?? "(not listening yet)"} once a second`;
    },
    address: {
      kind: "scrape",
      async target(metricsUrl) {
        url = metricsUrl;
      },
    },
    get received() {
      return receivedFrom(families, history.values());
    },
    poll,
    activity: () => activity.drain(),
    // The last scrape happened before close(), which stops the backend's server.
    stop: () => Promise.resolve(),
  };
}
