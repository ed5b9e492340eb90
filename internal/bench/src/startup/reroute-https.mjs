// datadog-metrics has no base-URL option (its API client only knows https://api.<site>): its
// HTTPS requests are rerouted to the plain-HTTP loopback intake. Everything else (loading the
// API client, serialising with its models, retrying) runs as in production. Plain JavaScript:
// the startup script runs without tsx.
import http from "node:http";
import https from "node:https";

/** Sends every `https.request` of this process to `intakeUrl` (`http://host:port`) instead. */
export function rerouteHttpsTo(intakeUrl) {
  const target = new URL(intakeUrl);
  https.request = (url, options, callback) => {
    const source = typeof url === "string" || url instanceof URL ? new URL(url) : undefined;
    const opts = source === undefined ? { ...url } : { ...options };
    const path = source === undefined ? opts.path : `${source.pathname}${source.search}`;
    const done = source === undefined ? options : callback;
    delete opts.agent;
    const { hostname, port } = target;
    return http.request({ ...opts, protocol: "http:", host: hostname, hostname, port, path }, done);
  };
}
