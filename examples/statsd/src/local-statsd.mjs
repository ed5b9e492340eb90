// The Etsy StatsD daemon (npm `statsd`) as a child process on free loopback ports, printing every
// line it receives (`dumpMessages`) and, when stopped, its aggregated flush (console backend).
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

async function freePort(/** @type {"udp" | "tcp"} */ kind) {
  const socket =
    kind === "udp"
      ? dgram.createSocket("udp4").bind(0, "127.0.0.1")
      : net.createServer().listen(0, "127.0.0.1");
  await once(socket, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (socket.address());
  socket.close();
  return port;
}

/** Sends one command to the daemon's admin port and resolves with the first answer. */
async function admin(/** @type {number} */ port, /** @type {string} */ command) {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write(`${command}\n`);
  const [answer] = await once(socket, "data");
  socket.destroy();
  return String(answer);
}

export async function startStatsd() {
  const [port, adminPort] = [await freePort("udp"), await freePort("tcp")];
  const dir = mkdtempSync(join(tmpdir(), "example-statsd-"));
  const config = join(dir, "config.js");
  writeFileSync(
    config,
    JSON.stringify({
      address: "127.0.0.1",
      port,
      mgmt_address: "127.0.0.1",
      mgmt_port: adminPort,
      flushInterval: 60_000,
      dumpMessages: true,
      backends: ["./backends/console"],
    }),
  );
  const shim = fileURLToPath(new URL("./util-log-shim.cjs", import.meta.url));
  const daemon = spawn(
    process.execPath,
    ["--require", shim, require.resolve("statsd/stats.js"), config],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  for (let attempt = 0; ; attempt++) {
    const up = await admin(adminPort, "health").catch(() => "");
    if (up.includes("up")) break;
    if (attempt === 100) throw new Error("statsd did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    async stop() {
      // Two admin round trips: the daemon has read every datagram already sent to it.
      await admin(adminPort, "health");
      await admin(adminPort, "health");
      daemon.kill("SIGTERM"); // its final flush goes to the console backend
      await once(daemon, "exit");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
