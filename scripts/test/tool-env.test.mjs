import assert from "node:assert/strict";
import { dirname } from "node:path";
import { test } from "node:test";
import { nodeHeadersDir, toolEnv } from "../lib/tool-env.mjs";

// This machine's Node has its headers beside it (CI installs Node with them).
const prefix = dirname(dirname(process.execPath));

test("node-gyp is pointed at the running Node's headers when the user set no nodedir", () => {
  assert.equal(nodeHeadersDir(), prefix);
  // Run by npm, which exports every configured setting: no npm_config_nodedir means unset.
  const env = toolEnv({ PATH: process.env.PATH, npm_config_user_agent: "npm/11.0.0 node/v20" });
  assert.equal(env.npm_config_nodedir, prefix);
});

test("a nodedir the user configured is kept", () => {
  const env = toolEnv({ PATH: process.env.PATH, npm_config_nodedir: "/opt/node-headers" });
  assert.equal(env.npm_config_nodedir, "/opt/node-headers");
});

test("no nodedir when the headers are not beside the binary", () => {
  assert.equal(nodeHeadersDir("/nonexistent/bin/node"), undefined);
});

test("update boxes and telemetry notices are off, unless the user said otherwise", () => {
  const env = toolEnv({
    PATH: process.env.PATH,
    npm_config_user_agent: "npm/11",
    DO_NOT_TRACK: "1",
  });
  assert.equal(env.npm_config_update_notifier, "false");
  assert.equal(env.TURBO_TELEMETRY_DISABLED, "1");
  const chosen = toolEnv({
    PATH: process.env.PATH,
    npm_config_user_agent: "npm/11",
    TURBO_TELEMETRY_DISABLED: "0",
  });
  assert.equal(chosen.TURBO_TELEMETRY_DISABLED, "0");
});
