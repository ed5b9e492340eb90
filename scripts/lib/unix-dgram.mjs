// Where the optional unix-dgram addon is loaded from: hot-shots, the socket layer of our StatsD
// and DogStatsD transports, loads it for `protocol: "uds"` (Unix datagram sockets).
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { root } from "./pinned-pnpm.mjs";

/**
 * Loads unix-dgram as hot-shots would, from the first workspace package that depends on
 * hot-shots. Returns `"loaded"`, `"missing"` (hot-shots is there, the addon was not built) or
 * `"unused"` (no package uses hot-shots).
 *
 * @example
 * if (unixDgramStatus() === "missing") console.error("protocol uds is unavailable");
 */
export function unixDgramStatus() {
  for (const name of readdirSync(join(root, "packages"))) {
    const manifest = join(root, "packages", name, "package.json");
    if (!existsSync(manifest)) continue;
    let hotShots;
    try {
      hotShots = createRequire(manifest).resolve("hot-shots");
    } catch {
      continue;
    }
    try {
      createRequire(hotShots)("unix-dgram");
      return "loaded";
    } catch {
      return "missing";
    }
  }
  return "unused";
}
