import { defineConfig } from "tsup";

export default defineConfig({
  entry: { cli: "src/cli/bin.ts", worker: "src/batch/parallel/worker.ts", "io-floor": "bench/io-floor.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  clean: true,
  sourcemap: false,
  banner: { js: "#!/usr/bin/env node" },
});
