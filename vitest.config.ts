import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/** Files that replace a module (vi.mock) need a module registry of their own. */
const MOCKING = ["test/io/output.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    globalSetup: ["test/fixtures/temp-root.ts", "test/fixtures/worker-bundle.ts"],
    // One test file per core: by default vitest keeps a core back, which on a two-core machine
    // runs the files one at a time while most of them wait on the processes they spawn.
    maxWorkers: availableParallelism(),
    projects: [
      // The other files share each worker's loaded modules: importing the source again for every
      // file took a sixth of the suite's time.
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: MOCKING, isolate: false } },
      { extends: true, test: { name: "isolated", include: MOCKING } },
    ],
  },
});
