#!/usr/bin/env node
// `pnpm install --frozen-lockfile` for `npm test`, `npm run demo` and `npm run bench`, quiet when
// it works: pnpm's progress and the compiler output of native dependencies are printed only if
// the install fails. If the optional unix-dgram addon (Unix datagram sockets) could not be
// built, one line says what is missing.
import { runPnpm } from "./lib/pinned-pnpm.mjs";
import { unixDgramStatus } from "./lib/unix-dgram.mjs";

const status = runPnpm(["install", "--frozen-lockfile", "--reporter=append-only"], { quiet: true });
if (status !== 0) process.exit(status);

// hot-shots loads unix-dgram only for `protocol: "uds"`; everything else works without it.
if (unixDgramStatus() === "missing") {
  console.error(
    "install: the optional unix-dgram addon was not built (it needs python3, make and a C++ " +
      'compiler): protocol "uds" (Unix datagram sockets) is unavailable, everything else works',
  );
}
