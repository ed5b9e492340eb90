// The packages we publish (every non-private package under packages/), and how to pack them.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./pinned-pnpm.mjs";
import { toolEnv } from "./tool-env.mjs";

const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * Every published package, with its directory and manifest.
 *
 * @example
 * for (const { manifest } of publishedPackages()) console.log(manifest.name);
 */
export function publishedPackages() {
  return readdirSync(join(root, "packages"))
    .map((name) => join(root, "packages", name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/**
 * Packs one package into `destination` with pnpm, which rewrites `workspace:` ranges into the
 * versions a registry install would need (`npm pack` would leave them, and npm cannot install
 * them).
 *
 * @example
 * for (const { dir } of publishedPackages()) packInto(dir, "/tmp/metrics-tarballs");
 */
export function packInto(dir, destination) {
  execFileSync("npx", ["-y", packageManager, "pack", "--pack-destination", destination], {
    cwd: dir,
    env: toolEnv(),
    stdio: "pipe",
  });
}
