import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // One test file per core: by default vitest keeps a core back, which on a two-core machine
    // runs the files one at a time while most of them wait on the processes they spawn.
    maxWorkers: availableParallelism(),
  },
});
