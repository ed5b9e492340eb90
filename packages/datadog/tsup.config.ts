import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.package.js";

export default defineConfig({
  ...packageBuild,
  entry: { index: "src/index.ts" },
});
