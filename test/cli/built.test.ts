import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import config from "../../tsup.config.js";
import { run } from "./run-cli.js";

/**
 * The command as shipped is a bundle (tsup.config.ts): the libraries are built into it. It must
 * behave as the sources the other tests run, on one thread and on workers (their own bundle).
 * Built inside the project, where the command finds the bundled rules/ as it does from dist/.
 */
const outDir = join("node_modules", ".cache", "residuals-built-test");
const exec = promisify(execFile);

beforeAll(async () => {
  const options = config as Options;
  await build({ ...options, entry: { cli: "src/cli/bin.ts", worker: "src/pipeline/parallel/worker.ts" }, outDir, silent: true, config: false });
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function built(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(outDir, "cli.js"), ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const EXAMPLE = ["--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--cast", "examples/cast.csv"];

describe("the built command", () => {
  it.each([
    ["calc on one thread", ["calc", "--contract", "sag-2009", ...EXAMPLE, "--format", "csv", "--explain", "--workers", "1"]],
    ["calc on workers", ["calc", "--contract", "sag-2009", ...EXAMPLE, "--format", "json", "--workers", "2"]],
    ["calc with names on workers", ["calc", "--contract", "sag-2009", ...EXAMPLE, "--format", "csv", "--names", "--workers", "2"]],
    ["compare on workers", ["compare", "--contract", "sag-2005", "--contract", "amptp-2008-sag-final-offer", ...EXAMPLE, "--format", "csv", "--workers", "2"]],
    ["a usage error", ["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv"]],
    ["help", ["calc", "--help"]],
    ["the contract schema", ["contracts", "schema"]],
  ])("%s: as the sources", async (_, args) => {
    expect(await built(args)).toEqual(await run(args));
  }, 30_000);
});
