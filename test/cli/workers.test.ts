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
