// datadog-metrics has no base-URL option (its API client only knows https://api.<site>): its
// HTTPS requests go to the plain-HTTP loopback intake instead; the rest (loading the client,
// serialising with its models, retrying) runs as in production. Plain JavaScript: the startup
// script runs without tsx.
import http from "node:http";
import https from "node:https";

/** Sends every `https.request` of this process to `intakeUrl` (`http://host:port`) instead. */
export function rerouteHttpsTo(intakeUrl) {
  const { hostname, port } = new URL(intakeUrl);
  // The CommonJS object that node-fetch (inside the client) requires.
  https.request = (url, options, callback) => {
    const source = typeof url === "string" || url instanceof URL ? new URL(url) : undefined;
    const opts = source === undefined ? { ...url } : { ...options };
    const path = source === undefined ? opts.path : `${source.pathname}${source.search}`;
    delete opts.agent;
    const target = { ...opts, protocol: "http:", host: hostname, hostname, port, path };
    return http.request(target, source === undefined ? options : callback);
  };
}
