import { describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

const INPUTS = "--contract sag-2009 --titles examples/titles.csv --usage examples/usage.csv";

describe("--workers", () => {
  it.each([
    ["0", 'residuals: --workers: expected a whole number from 1 to 16, got "0"\n'],
    ["17", 'residuals: --workers: expected a whole number from 1 to 16, got "17"\n'],
    ["1.5", 'residuals: --workers: expected a whole number from 1 to 16, got "1.5"\n'],
    ["many", 'residuals: --workers: expected a whole number from 1 to 16, got "many"\n'],
  ])("%s is a usage error", async (value, message) => {
    expect(await run(`calc ${INPUTS} --workers ${value}`)).toEqual({ code: 2, stdout: "", stderr: message });
  });
});

describe("workers from the TypeScript sources", () => {
  it("give what the test run's bundle of them gives (the way a watching test run loads them)", async () => {
    const bundle = process.env.RESIDUALS_WORKER_BUNDLE;
    const args = `calc ${INPUTS} --cast examples/cast.csv --format csv --workers 2`;
    const fromBundle = await run(args);
    delete process.env.RESIDUALS_WORKER_BUNDLE;
    try {
      expect(await run(args)).toEqual(fromBundle);
    } finally {
      if (bundle !== undefined) process.env.RESIDUALS_WORKER_BUNDLE = bundle;
    }
    expect(fromBundle.code).toBe(0);
    expect(fromBundle.stdout.split("\n").length).toBeGreaterThan(10);
  }, 30_000);
});
