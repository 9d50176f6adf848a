import { defineConfig, type Options } from "tsup";

/** How every bundle of the project is made: the build's, and the test run's bundle of the ledger workers (test/fixtures/worker-bundle.ts). */
export const BUNDLE_OPTIONS = {
  format: ["esm"],
  target: "node20",
  platform: "node",
  banner: {
    // Bundled CommonJS code (papaparse) calls require(), which an ES module lacks.
    js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
} satisfies Options;

export default defineConfig({
  ...BUNDLE_OPTIONS,
  entry: { cli: "src/cli/bin.ts", worker: "src/pipeline/parallel/worker.ts", "io-floor": "bench/io-floor.ts" },
  clean: true,
  sourcemap: false,
  // The libraries are bundled in: Node then compiles a few files instead of loading some two
  // hundred modules one by one, which took a tenth of a second of every run's start (and of
  // each worker's). cli-progress stays outside: it is loaded only when a bar is drawn.
  noExternal: ["yargs", "zod", "yaml", "decimal.js", "papaparse"],
});
