import { describe, expect, it } from "vitest";
import { earlyWorkers } from "../../src/cli/early-workers.js";
import type { Console } from "../../src/cli/console.js";
import { startEarly, takeEarly } from "../../src/pipeline/parallel/early-start.js";
import { run } from "./run-cli.js";
import { runSpawned } from "./spawn-cli.js";

const notTerminal: Console = { stdout: process.stdout, stderr: process.stderr };
const terminal: Console = { stdout: Object.assign(Object.create(process.stdout) as NodeJS.WriteStream, { isTTY: true }), stderr: process.stderr };

const FILES = ["--titles", "examples/titles.csv", "--cast", "examples/cast.csv", "--usage", "examples/usage.csv"];
const WORKERS = { files: { titlesFile: "examples/titles.csv", castFile: "examples/cast.csv", usageFile: "examples/usage.csv" }, shards: 2, names: false };
/** compare's groups carry names, so its workers keep them. */
const NAMED = { ...WORKERS, names: true };

describe("workers started from the command's words, before the program loads", () => {
  it("reads calc's and compare's files and threads, in either form of flag", () => {
    expect(earlyWorkers(["calc", "--contract", "sag-2009", ...FILES, "--workers", "2"], notTerminal)).toEqual(WORKERS);
    expect(earlyWorkers(["compare", "--contracts", "a,b", "--titles=examples/titles.csv", "--cast=examples/cast.csv", "--usage=examples/usage.csv", "--workers=2"], notTerminal)).toEqual(NAMED);
    expect(earlyWorkers(["calc", "--usage", "examples/usage.csv", "--titles", "examples/titles.csv", "--workers", "3", "--explain"], notTerminal)).toEqual({
      files: { titlesFile: "examples/titles.csv", usageFile: "examples/usage.csv" },
      shards: 3,
      names: false,
    });
  });

  it("keeps the catalogue's names where calc may write them", () => {
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2", "--names"], notTerminal)).toEqual(NAMED);
    expect(earlyWorkers(["calc", ...FILES, "--names=true", "--workers", "2"], notTerminal)).toEqual(NAMED);
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2", "--no-names"], notTerminal)).toEqual(WORKERS);
  });

  it("starts none where the run would not start them: a small ledger, a table or workbook from calc, another command", () => {
    expect(earlyWorkers(["calc", ...FILES], notTerminal)).toBeUndefined();
    expect(earlyWorkers(["calc", ...FILES, "--workers", "1"], notTerminal)).toBeUndefined();
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2"], terminal)).toBeUndefined();
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2", "--format", "table"], notTerminal)).toBeUndefined();
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2", "--out", "lines.xlsx"], notTerminal)).toBeUndefined();
    expect(earlyWorkers(["calc", ...FILES, "--workers", "2", "--out", "lines.json"], notTerminal)).toEqual(WORKERS);
    expect(earlyWorkers(["compare", ...FILES, "--workers", "2"], terminal)).toEqual(NAMED);
    expect(earlyWorkers(["estimate", ...FILES, "--workers", "2"], notTerminal)).toBeUndefined();
  });

  it("leaves anything but plain words to the parser", () => {
    for (const argv of [
      ["calc", ...FILES, "--workers", "2", "--titles", "other.csv"],
      ["calc", ...FILES, "--workers", "2", "--help"],
      ["calc", ...FILES, "--workers", "2", "--", "more"],
      ["calc", ...FILES, "--workers", "17"],
      ["calc", ...FILES, "--workers", "two"],
      ["calc", ...FILES, "--workers", "2", "--format", "xml"],
      ["calc", ...FILES, "--workers", "2", "--out", "lines.txt", "--format", "csv"],
      ["calc", "--titles", "examples/titles.csv", "--workers", "2"],
      ["calc", ...FILES, "--workers"],
      ["--quiet", "calc", ...FILES, "--workers", "2"],
    ]) {
      expect(earlyWorkers(argv, notTerminal), argv.join(" ")).toBeUndefined();
    }
  });

  it("hands the run the workers it started where the files, threads and names agree, and stops them where not", async () => {
    startEarly(WORKERS.files, 2, false);
    const other = takeEarly({ ...WORKERS.files, castFile: undefined }, 2, false);
    expect(other).toBeUndefined();
    expect(takeEarly(WORKERS.files, 2, false)).toBeUndefined();

    // Workers that do not keep names cannot serve a run that writes them; those that do serve any.
    startEarly(WORKERS.files, 2, false);
    expect(takeEarly(WORKERS.files, 2, true)).toBeUndefined();
    for (const names of [false, true]) {
      startEarly(WORKERS.files, 2, names);
      const taken = takeEarly(WORKERS.files, 2, false)!;
      expect(taken).toHaveLength(2);
      await Promise.all(taken.map((link) => link.stop()));
    }
  }, 20_000);

  it("gives a run started from the command line the output of one run in-process", async () => {
    const argv = ["calc", "--contract", "sag-2009", ...FILES, "--workers", "2", "--format", "csv"];
    const spawned = await runSpawned(argv);
    const inProcess = await run(argv);
    expect({ code: spawned.code, stdout: spawned.stdout, stderr: spawned.stderr }).toEqual(inProcess);
    expect(inProcess.stdout.split("\n").length).toBeGreaterThan(10);
  }, 30_000);

  it("ends at once where the run fails before it takes its workers", async () => {
    const spawned = await runSpawned(["calc", "--contract", "no-such-contract", ...FILES, "--workers", "2", "--bogus"]);
    expect([spawned.code, spawned.stderr]).toEqual([2, "residuals: unknown option --bogus\n"]);
  }, 30_000);
});
