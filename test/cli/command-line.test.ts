import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { editDistance, nearest } from "../../src/cli/nearest.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";

const INPUTS = "--titles examples/titles.csv --usage examples/usage.csv";

describe("help and version, as users expect them", () => {
  it.each(["--version", "-V"])("%s prints the version (exit 0)", async (flag) => {
    expect(await run(flag)).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("prints help, not an error, when run with no arguments; -h and --help print the same", async () => {
    const bare = await run([]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe("");
    expect(bare.stdout.split("\n")[0]).toBe("residuals <command> [options]");
    for (const command of ["calc", "compare", "estimate", "contracts", "completion"]) expect(bare.stdout).toContain(`residuals ${command}`);
    expect(await run("-h")).toEqual(bare);
    expect(await run("--help")).toEqual(bare);
  });

  it.each(["calc", "compare", "estimate", "contracts"])("%s -h prints its help, required options first, with an example that fits 80 columns", async (command) => {
    const result = await run(`${command} -h`);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(await run(`${command} --help`)).toEqual(result);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^residuals ${command}`));
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const example = result.stdout.slice(result.stdout.search(/^Examples?:$/m));
    expect(example).toMatch(new RegExp(`^    residuals ${command} `, "m"));
    if (command !== "contracts") {
      const required = lines.indexOf("Required:");
      expect(required).toBeGreaterThan(0);
      expect(required).toBeLessThan(lines.indexOf("Options:"));
      const marked = lines.flatMap((line, index) => (line.includes("[required]") ? [index] : []));
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((index) => index > required && index < lines.indexOf("Options:"))).toBe(true);
    }
  });

  it("the calc example, pasted as shown, runs", async () => {
    const help = (await run("calc -h")).stdout;
    const pasted = help.slice(help.indexOf("    residuals calc")).replace(/ \\\n\s+/g, " ").trim().split(/\s+/).slice(1);
    const result = await run([...pasted, "--format", "csv", "--quiet"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^line,usage_row,/);
  });

  it("prints a shell completion script, and completes flags and their values", async () => {
    const script = await run("completion");
    expect(script.code).toBe(0);
    expect(script.stdout).toContain("complete -o bashdefault -o default -F _residuals_yargs_completions residuals");
    const flags = await run(["--get-yargs-completions", "residuals", "calc", "--"]);
    expect(flags.stdout.split("\n")).toEqual(expect.arrayContaining(["--contract", "--titles", "--usage", "--format"]));
    const formats = await run(["--get-yargs-completions", "residuals", "calc", "--format", ""]);
    expect(formats.stdout).toBe("csv\njson\ntable\nxlsx\n");
  });
});

describe("errors that help: each names what the user typed (exit 2)", () => {
  it.each([
    ["calk", 'unknown command "calk" (did you mean calc?)'],
    ["frobnicate", 'unknown command "frobnicate" (the commands are calc, compare, estimate, contracts, completion)'],
    [`calc --contract sag-2009 ${INPUTS} --fromat csv`, "unknown option --fromat (did you mean --format?)"],
    // An unknown option is reported before the required one it was meant to be.
    ["calc --contract sag-2009 --title examples/titles.csv --usage examples/usage.csv", "unknown option --title (did you mean --titles?)"],
    [`calc --contract SAG-2009 ${INPUTS}`, '--contract: no bundled contract "SAG-2009" (did you mean sag-2009?)'],
    [`calc --contract sag2009 ${INPUTS}`, '--contract: no bundled contract "sag2009" (did you mean sag-2009?)'],
    [
      `calc --contract nothing-like-it ${INPUTS}`,
      '--contract: no bundled contract "nothing-like-it" (the bundled contracts are aftra-2008, amptp-2008-sag-final-offer, dga-2008, dga-2023, sag-2005, sag-2009, sag-aftra-2023, wga-2008, wga-2023, what-if-no-1974-cutoff; a contract file\'s path ends in .yaml)',
    ],
    [`calc --contract sag-2009 ${INPUTS} --format tabel`, '--format: "tabel" is not one of csv, json, table, xlsx (did you mean table?)'],
    ["estimate --contract sag-2009 --kind tvv --produced 2008-06-01", '--kind: "tvv" is not one of tv, feature, new-media (did you mean tv?)'],
    ["estimate --guild sagg --kind tv --produced 2008-06-01", '--guild: "sagg" is not one of sag, aftra, sag-aftra, wga, dga (did you mean sag?)'],
    [
      "estimate --contract sag-2009 --kind tv --produced 2008-06-01 --medium rentals --from 2009-01-01 --to 2009-01-31",
      '--medium: "rentals" is not one of ad-supported-streaming, subscription-streaming, rental, electronic-sell-through (did you mean rental?)',
    ],
    ["contracts lst", '"lst" is not one of list, show, validate, schema (did you mean list?)'],
  ])("%s", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `residuals: ${message}\n` });
  });

  it.each([
    [`calc --contract sag-2009 ${INPUTS} --out`, "--out"],
    [`calc --contract sag-2009 ${INPUTS} --rejects`, "--rejects"],
    [`calc --contract sag-2009 --titles examples/titles.csv --usage`, "--usage"],
    [`calc ${INPUTS} --contract`, "--contract"],
    [`calc --contract sag-2009 ${INPUTS} --out --rejects r.csv`, "--out"],
    [`calc --contract sag-2009 ${INPUTS} --workers`, "--workers"],
    [`compare --contract sag-2005 ${INPUTS} --contract`, "--contract"],
    ["estimate --contract sag-2009 --kind tv --produced 2008-06-01 --medium rental --from 2009-01-01 --to", "--to"],
  ])("a flag without its value is a usage error naming it: %s", async (argv, flag) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `residuals: ${flag} needs a value\n` });
  });

  it("a malformed number names the flag and what it got", async () => {
    expect(await run(`calc --contract sag-2009 ${INPUTS} --workers abc`)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'residuals: --workers: expected a whole number from 1 to 16, got "abc"\n',
    });
  });
});

describe("contracts validate PATH", () => {
  it("reads an existing file as the file, whatever its name", async () => {
    const dir = tempFiles();
    copyFileSync("rules/sag-2009.yaml", join(dir, "good.txt"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await run("contracts validate good.txt")).toEqual({ code: 0, stdout: "good.txt: valid\n", stderr: "" });
    } finally {
      process.chdir(cwd);
    }
  });

  it("says a name is neither a file nor a bundled id, with the nearest id (exit 1)", async () => {
    expect(await run("contracts validate sag2009")).toEqual({
      code: 1,
      stdout: "",
      stderr: "sag2009: no such file, and no bundled contract has that id (did you mean sag-2009?)\n",
    });
  });
});

describe("nearest words", () => {
  it("counts a swap of neighbours as one edit, and ignores case", () => {
    expect(editDistance("fromat", "format")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(nearest("SAG-2009", ["sag-2005", "sag-2009"])).toEqual(["sag-2009"]);
  });

  it("offers nothing far from what was typed", () => {
    expect(nearest("bogus", ["titles", "usage", "cast", "out"])).toEqual([]);
    expect(nearest("x", ["tv"])).toEqual([]);
  });
});
