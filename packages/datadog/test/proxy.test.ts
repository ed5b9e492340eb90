import http from "node:http";
import net from "node:net";
import { startProxy, type TestProxy } from "@metrics/test-peers/datadog";
import { afterEach, describe, expect, it } from "vitest";
import { NO_TAGS, setup } from "./support/setup.js";

let proxies: TestProxy[] = [];
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

afterEach(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  proxies = [];
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function proxy(): Promise<TestProxy> {
  const started = await startProxy();
  proxies.push(started);
  return started;
}

describe("proxies and the agent seam", () => {
  it("tunnels every endpoint through the `proxy` option (HTTP CONNECT)", async () => {
    const tunnel = await proxy();
    const { intake, backend, errors } = await setup({ proxy: tunnel.url });
    backend.incr("proxied.count", 3, NO_TAGS, 1);
    backend.distribution("proxied.values", 1.25, NO_TAGS, 1, undefined);
    backend.event("Proxied", "through CONNECT", NO_TAGS, {});
    await backend.flush();
    expect(errors).toEqual([]);
    expect(intake.total("proxied.count")).toBe(3);
    expect(intake.values("proxied.values")).toEqual([1.25]);
    expect(intake.events.map((event) => event.title)).toEqual(["Proxied"]);
    expect(tunnel.tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnel.tunnels)).toEqual(new Set([new URL(intake.url).host]));
  });

  it("takes the proxy from the environment as curl does, and honours NO_PROXY", async () => {
    const tunnel = await proxy();
    // The intake is http://, so HTTP_PROXY is the variable that applies (HTTPS_PROXY for https://).
    process.env.HTTP_PROXY = tunnel.url;
    delete process.env.NO_PROXY;
    const viaEnv = await setup();
    viaEnv.backend.incr("env.proxied", 1, NO_TAGS, 1);
    await viaEnv.backend.flush();
    expect(viaEnv.intake.total("env.proxied")).toBe(1);
    expect(tunnel.tunnels).toEqual([new URL(viaEnv.intake.url).host]);

    process.env.NO_PROXY = "127.0.0.1";
    const bypass = await setup();
    bypass.backend.incr("env.direct", 1, NO_TAGS, 1);
    await bypass.backend.flush();
    expect(bypass.intake.total("env.direct")).toBe(1);
    expect(tunnel.tunnels).toHaveLength(1);

    // `proxy: false` ignores the environment.
    delete process.env.NO_PROXY;
    const off = await setup({ proxy: false });
    off.backend.incr("env.off", 1, NO_TAGS, 1);
    await off.backend.flush();
    expect(off.intake.total("env.off")).toBe(1);
    expect(tunnel.tunnels).toHaveLength(1);
  });

  it("sends through the caller's own agent, and leaves it open at close()", async () => {
    let connections = 0;
    class CountingAgent extends http.Agent {
      override createConnection(...args: Parameters<http.Agent["createConnection"]>) {
        connections += 1;
        return (http.Agent.prototype as any).createConnection.apply(this, args);
      }
    }
    const agent = new CountingAgent({ keepAlive: true });
    const { intake, backend } = await setup({ agent });
    backend.gauge("agent.gauge", 4, NO_TAGS, 1, undefined);
    await backend.flush();
    expect(intake.lastGauge("agent.gauge")).toBe(4);
    expect(connections).toBeGreaterThan(0);
    await backend.close();
    const destroyed = new Promise<boolean>((resolve) => {
      const request = http.get(intake.url, { agent }, (response) => {
        response.resume();
        resolve(true);
      });
      request.on("error", () => resolve(false));
    });
    expect(await destroyed).toBe(true);
    agent.destroy();
  });

  it("sends a site's data to https://api.<site> through the client's server template, whatever DD_SITE says", async () => {
    const { intake } = await setup();
    // An agent that carries the `https:` requests meant for Datadog to the loopback intake in
    // plain text, so the test can see where the client meant them to go.
    class LoopbackAgent extends http.Agent {
      override createConnection() {
        return net.connect(Number(new URL(intake.url).port), "127.0.0.1");
      }
    }
    const agent = new LoopbackAgent();
    (agent as unknown as { protocol: string }).protocol = "https:";
    const savedSite = process.env.DD_SITE;
    process.env.DD_SITE = "us5.datadoghq.com";
    try {
      const { backend, errors } = await setup({ site: "datadoghq.eu", agent, baseUrl: undefined });
      backend.incr("sited", 1, NO_TAGS, 1);
      backend.distribution("sited.values", 2, NO_TAGS, 1, undefined);
      await backend.flush();
      expect(errors).toEqual([]);
      expect(intake.total("sited")).toBe(1);
      const sited = intake.attempts.filter((attempt) => attempt.reply === "accepted");
      expect(new Set(sited.map((attempt) => attempt.host))).toEqual(new Set(["api.datadoghq.eu"]));
    } finally {
      if (savedSite === undefined) delete process.env.DD_SITE;
      else process.env.DD_SITE = savedSite;
      agent.destroy();
    }
  });
});
