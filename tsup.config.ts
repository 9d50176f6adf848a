import { defineConfig } from "tsup";

export default defineConfig({
  entry: { cli: "src/cli/bin.ts", worker: "src/pipeline/parallel/worker.ts", "io-floor": "bench/io-floor.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  clean: true,
  sourcemap: false,
  // The libraries are bundled in: Node then compiles a few files instead of loading some two
  // hundred modules one by one, which took a tenth of a second of every run's start (and of
  // each worker's). cli-progress stays outside: it is loaded only when a bar is drawn.
  noExternal: ["yargs", "zod", "yaml", "decimal.js", "papaparse"],
  banner: {
    // Bundled CommonJS code (papaparse) calls require(), which an ES module lacks.
    js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
});
