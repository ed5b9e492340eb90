#!/usr/bin/env node
// Packs every published package into a directory, to install from tarballs before (or instead
// of) the registry: `npm install <dir>/*.tgz` in your app. The packages must be built (`npm test`
// builds them).
//
// Usage: node scripts/pack.mjs [directory]   (default: ./tarballs)
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { packInto, publishedPackages } from "./lib/published-packages.mjs";

const destination = resolve(process.argv[2] ?? "tarballs");
mkdirSync(destination, { recursive: true });
for (const { dir, manifest } of publishedPackages()) {
  if (!existsSync(join(dir, "dist"))) {
    console.error(`pack: ${manifest.name} is not built: run npm test (or npm run build) first`);
    process.exit(1);
  }
  packInto(dir, destination);
}
for (const file of readdirSync(destination)
  .filter((name) => name.endsWith(".tgz"))
  .sort()) {
  console.log(join(destination, file));
}
