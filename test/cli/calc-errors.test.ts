import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { loadContractRef, termsDigest } from "../../src/contracts/bundled.js";
import { Dec, formatCents, formatMoney } from "../../src/money/decimal.js";
import { tempFiles, windowsCsv } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";

const MESSY = join(import.meta.dirname, "../fixtures/messy");
const messy = (name: string) => join(MESSY, name);
const EXAMPLES = ["--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--cast", "examples/cast.csv"];

const records = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe("the messy fixture: valid rows computed, each bad row rejected, counts reconciled", () => {
  it("is byte-exact: BOM, CRLF, quoted commas and newlines, US money, blank lines", () => {
    for (const name of ["titles.csv", "cast.csv", "usage.csv"]) {
      const bytes = readFileSync(messy(name));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString("utf8").split("\r\n").length).toBeGreaterThan(5);
      expect(bytes.toString("utf8").replaceAll("\r\n", "")).not.toContain("\n\n");
    }
    const usage = readFileSync(messy("usage.csv"), "utf8");
    expect(usage).toContain('"$1,234.56"');
    expect(usage).toContain("\r\n\r\n");
    expect(usage).toContain('"see note:\r\ntwo lines"');
  });

  it("exits 3, writes the valid rows' lines, every rejection to --rejects and a reconciling summary to stderr", async () => {
    const dir = tempFiles();
    const out = join(dir, "lines.csv");
    const rejectsFile = join(dir, "rejects.csv");
    const result = await run(["calc", "--contract", "sag-2009", "--titles", messy("titles.csv"), "--usage", messy("usage.csv"), "--cast", messy("cast.csv"), "--out", out, "--rejects", rejectsFile]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(readdirSync(dir).sort()).toEqual(["lines.csv", "rejects.csv"]);

    const rejects = records(readFileSync(rejectsFile, "utf8"));
    expect(rejects.map((r) => [r.file!.replace(`${MESSY}/`, ""), r.record, r.line, r.column, r.value, r.reason])).toEqual([
      ["titles.csv", "5", "7", "kind", "radio", "unknown kind (expected tv, feature, new-media)"],
      ["titles.csv", "6", "8", "produced_on", "2008-02-30", "not a calendar date"],
      ["titles.csv", "7", "9", "title_id", "MD-204", "duplicate title_id (first on line 2)"],
      ["cast.csv", "3", "4", "performer_id", "P-1", "duplicate performer_id for title SA-310 (first on line 2)"],
      ["cast.csv", "4", "5", "title_id", "NOPE", "unknown title_id (not in the titles file, or rejected there)"],
      ["cast.csv", "5", "6", "tam", "'-5.00", "negative amount (only distributor_gross may be negative, on a correction)"],
      ["usage.csv", "6", "8", "period_start", "2009-13-01", "not a calendar date"],
      ["usage.csv", "7", "9", "period_end", "2009-04-30", "period_end is before period_start 2009-05-01"],
      ["usage.csv", "9", "11", "distributor_gross", "lots", "not an amount (expected 1234.56 or $1,234.56)"],
      ["usage.csv", "10", "12", "medium", "carrier-pigeon", "unknown medium (expected ad-supported-streaming, subscription-streaming, rental, electronic-sell-through)"],
      ["usage.csv", "11", "13", "title_id", "NO-SUCH", "unknown title_id (not in the titles file, or rejected there)"],
      ["usage.csv", "12", "14", "", "MD-204,rental,2009-05-01,2009-05-31,100", "wrong number of fields: expected 6, got 5"],
      ["usage.csv", "13", "15", "title_id", "BAD-KIND", "unknown title_id (not in the titles file, or rejected there)"],
      ["usage.csv", "14", "16", "distributor_gross", "see note:\r\ntwo lines", "not an amount (expected 1234.56 or $1,234.56)"],
      ["usage.csv", "15", "18", "units", "'-3", "negative count (only a correction, with a negative distributor_gross, has negative units)"],
      ["usage.csv", "17", "21", "", 'SA-310,rental,2009-09-01,2009-09-30,5"00,', 'unparseable quoting: a quote inside a quoted field is not doubled (write "" for a quote inside quotes)'],
    ]);

    // Nothing lost: every usage record is either computed (has lines) or rejected, never both.
    const lines = records(readFileSync(out, "utf8"));
    const computed = new Set(lines.map((line) => Number(line.usage_row)));
    const rejectedRows = new Set(rejects.filter((r) => r.file!.endsWith("usage.csv")).map((r) => Number(r.record)));
    // Record 8 (gross -100.00) is a correction: an adjustment line, no longer a rejection.
    expect([...computed].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 8, 16]);
    expect([...computed].filter((row) => rejectedRows.has(row))).toEqual([]);
    expect(computed.size + rejectedRows.size).toBe(17);

    // SA-310 has rejected cast records (the first: record 3), so its pools are not split among the rest.
    const incomplete = lines.filter((line) => line.status === "incomplete");
    expect(incomplete.map((line) => [line.title_id, line.amount, line.performer_id, line.note!.split(",")[0]])).toEqual(
      Array(3).fill(["SA-310", "", "", `cast ${messy("cast.csv")} record 3 (line 4) is rejected`]),
    );
    expect(lines.filter((line) => line.title_id === "SA-310" && line.status !== "incomplete")).toEqual([]);
    const total = lines.reduce((sum, line) => sum.plus(line.amount || "0"), new Dec(0));
    expect(result.stderr.split("\n").slice(-7)).toEqual([
      "rows read: 17; computed: 7; rejected: 10",
      `sag-2009: ${lines.length} lines (${lines.length - 4} payable, 0 zero, 3 incomplete, 0 not modelled, 1 adjustment), total $${formatMoney(total)}`,
      `terms sag-2009: sha256 ${termsDigest(loadContractRef("sag-2009"))}`,
      `${messy("titles.csv")}: rows read: 7; used: 4; rejected: 3`,
      `${messy("cast.csv")}: rows read: 5; used: 2; rejected: 3`,
      // The correction (record 8) is dated before MD-204's earlier rows.
      "note: the ledger is not in date order for every title, so it was read again and computed in date order",
      "",
    ]);
    expect(result.stderr.split("\n").slice(0, 11)).toEqual([
      `rejected: ${messy("titles.csv")}:7: record 5, column kind: unknown kind (expected tv, feature, new-media) (value "radio")`,
      `rejected: ${messy("titles.csv")}:8: record 6, column produced_on: not a calendar date (value "2008-02-30")`,
      `rejected: ${messy("titles.csv")}:9: record 7, column title_id: duplicate title_id (first on line 2) (value "MD-204")`,
      `rejected: ${messy("cast.csv")}:4: record 3, column performer_id: duplicate performer_id for title SA-310 (first on line 2) (value "P-1")`,
      `rejected: ${messy("cast.csv")}:5: record 4, column title_id: unknown title_id (not in the titles file, or rejected there) (value "NOPE")`,
      `rejected: ${messy("cast.csv")}:6: record 5, column tam: negative amount (only distributor_gross may be negative, on a correction) (value "-5.00")`,
      `rejected: ${messy("usage.csv")}:8: record 6, column period_start: not a calendar date (value "2009-13-01")`,
      `rejected: ${messy("usage.csv")}:9: record 7, column period_end: period_end is before period_start 2009-05-01 (value "2009-04-30")`,
      `rejected: ${messy("usage.csv")}:11: record 9, column distributor_gross: not an amount (expected 1234.56 or $1,234.56) (value "lots")`,
      `rejected: ${messy("usage.csv")}:12: record 10, column medium: unknown medium (expected ad-supported-streaming, subscription-streaming, rental, electronic-sell-through) (value "carrier-pigeon")`,
      `rejected: … and 6 more (all in ${rejectsFile})`,
    ]);
  });

  it("neutralizes a formula-like title_id in the CSV output and writes numbers as plain decimals", async () => {
    const result = await run(["calc", "--contract", "sag-2009", "--titles", messy("titles.csv"), "--usage", messy("usage.csv"), "--format", "csv", "--quiet"]);
    const lines = records(result.stdout);
    expect(lines.filter((line) => line.title_id!.includes("HACK")).map((line) => line.title_id)).toEqual(["'=HACK"]);
    for (const line of lines) {
      for (const column of ["base", "rate", "amount"] as const) expect(line[column]).toMatch(/^(-?\d+(\.\d+)?)?$/);
    }
  });

  it("reconciles the same way when the ledger is out of date order (read again and sorted)", async () => {
    const reversed = readFileSync(messy("usage.csv"), "utf8").replace(/^\uFEFF/, "").split("\r\n");
    const header = reversed.shift()!;
    const dir = tempFiles({ "usage.csv": windowsCsv([header, 'SA-310,rental,2009-08-01,2009-08-31,"1,000",', "SA-310,rental,bad,2009-08-31,1,", "SA-310,rental,2009-04-01,2009-04-30,1000,"]) });
    const result = await run(["calc", "--contract", "sag-2009", "--titles", messy("titles.csv"), "--usage", join(dir, "usage.csv"), "--format", "csv"]);
    expect(result.code).toBe(3);
    expect(records(result.stdout).map((line) => line.usage_row)).toEqual(["1", "3"]);
    expect(result.stderr).toContain("rows read: 3; computed: 2; rejected: 1\n");
    expect(result.stderr.match(/^rejected: /gm)).toHaveLength(1 + 3);
  });
});

describe("exit codes", () => {
  it("0 when every row is computed (with an empty rejects file when asked for one)", async () => {
    const dir = tempFiles();
    const result = await run(["calc", "--contract", "sag-2009", ...EXAMPLES, "--out", join(dir, "out.csv"), "--rejects", join(dir, "rejects.csv")]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "rejects.csv"), "utf8")).toBe("file,record,line,column,value,reason\n");
    expect(result.stderr).toMatch(/^rows read: 25; computed: 25; rejected: 0\n/);
    expect(result.stderr).toContain("examples/titles.csv: rows read: 12; used: 12; rejected: 0\nexamples/cast.csv: rows read: 5; used: 5; rejected: 0\n");
  });

  it.each([
    [["--titles", "nope.csv", "--usage", "examples/usage.csv"], "nope.csv: file not found"],
    [["--titles", "examples", "--usage", "examples/usage.csv"], "examples: is a folder, not a file"],
    [["--titles", "examples/titles.csv", "--usage", "examples/titles.csv"], "examples/titles.csv: missing required columns medium, period_start, period_end, distributor_gross (header has: title_id, title, kind, produced_on, first_aired_on, runtime_minutes, first_season, market, budget, residual_base)"],
    [["--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--contract", "no-such.yaml"], `${join(process.cwd(), "no-such.yaml")}: file not found`],
  ])("1 when a file cannot be used: %j", async (args, message) => {
    const contract = args.includes("--contract") ? [] : ["--contract", "sag-2009"];
    const result = await run(["calc", ...contract, ...args]);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, "", `${message}\n`]);
  });

  it("1 for an empty file and for an invalid contract file, naming file and line", async () => {
    const dir = tempFiles({ "empty.csv": "", "bad.yaml": "id: x\nextends: sag-2009\ncolour: blue\n" });
    const empty = await run(["calc", "--contract", "sag-2009", "--titles", join(dir, "empty.csv"), "--usage", "examples/usage.csv"]);
    expect([empty.code, empty.stderr]).toEqual([1, `${join(dir, "empty.csv")}: is empty (a header row is required)\n`]);
    const bad = await run(["calc", "--contract", join(dir, "bad.yaml"), ...EXAMPLES]);
    expect([bad.code, bad.stderr]).toEqual([1, `${join(dir, "bad.yaml")}:3:1: colour: unknown key "colour"\n`]);
  });

  it("1 before any work when --out or --rejects cannot be written, leaving nothing behind", async () => {
    const dir = tempFiles();
    mkdirSync(join(dir, "folder"));
    const cases: [string[], string][] = [
      [["--out", join(dir, "folder")], `${join(dir, "folder")}: cannot be written: it is a folder`],
      [["--out", join(dir, "missing", "out.csv")], `${join(dir, "missing", "out.csv")}: cannot be written: the folder ${join(dir, "missing")} does not exist`],
      [["--out", join(dir, "out.csv"), "--rejects", join(dir, "missing", "r.csv")], `${join(dir, "missing", "r.csv")}: cannot be written: the folder ${join(dir, "missing")} does not exist`],
    ];
    for (const [args, message] of cases) {
      const result = await run(["calc", "--contract", "sag-2009", ...EXAMPLES, ...args]);
      expect([result.code, result.stdout, result.stderr]).toEqual([1, "", `${message}\n`]);
    }
    expect(readdirSync(dir)).toEqual(["folder"]);
  });

  it.runIf(process.getuid?.() !== 0)("1 for a file that cannot be read", async () => {
    const dir = tempFiles({ "titles.csv": readFileSync("examples/titles.csv") });
    chmodSync(join(dir, "titles.csv"), 0o000);
    const result = await run(["calc", "--contract", "sag-2009", "--titles", join(dir, "titles.csv"), "--usage", "examples/usage.csv"]);
    expect([result.code, result.stderr]).toEqual([1, `${join(dir, "titles.csv")}: cannot be read\n`]);
  });

  it.each([
    ["calc --contract sag-2009 --titles examples/titles.csv", "residuals: missing required option --usage\n"],
    ["calc --contract sag-2009 --titles examples/titles.csv --usage examples/usage.csv --bogus", "residuals: unknown option --bogus\n"],
    ["calc --contract sag-2009 --titles examples/titles.csv --usage examples/usage.csv --format xml", 'residuals: --format: "xml" is not one of csv, json, table, xlsx\n'],
    ["calc --contract sag-2009 --titles examples/titles.csv --usage examples/usage.csv --usage examples/usage.csv", "residuals: --usage is given more than once\n"],
  ])("2 for a usage error: %s", async (argv, message) => {
    const result = await run(argv);
    expect([result.code, result.stdout, result.stderr]).toEqual([2, "", message]);
  });

  it("gives the same messages and help whatever the user's locale", async () => {
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    try {
      process.env.LANG = process.env.LC_ALL = "fr_FR.UTF-8";
      const result = await run("calc --contract sag-2009 --titles examples/titles.csv");
      expect([result.code, result.stderr]).toEqual([2, "residuals: missing required option --usage\n"]);
      expect((await run("calc --help")).stdout).toMatch(/^Options:$/m);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("--strict", () => {
  it("stops at the first rejected usage row: exit 3, no output file, the rejection in --rejects", async () => {
    const dir = tempFiles();
    const result = await run(["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", messy("usage.csv"), "--out", join(dir, "out.csv"), "--rejects", join(dir, "rejects.csv"), "--strict"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      [
        `rejected: ${messy("usage.csv")}:7: record 5, column title_id: unknown title_id (not in the titles file, or rejected there) (value "=HACK")`,
        "stopped at the first rejected record (--strict); no output written",
        "",
      ].join("\n"),
    );
    expect(readdirSync(dir)).toEqual(["rejects.csv"]);
    expect(records(readFileSync(join(dir, "rejects.csv"), "utf8"))).toHaveLength(1);
  });

  it("stops at a rejected title or cast row too, before the ledger", async () => {
    const result = await run(["calc", "--contract", "sag-2009", "--titles", messy("titles.csv"), "--usage", "examples/usage.csv", "--strict"]);
    expect([result.code, result.stdout]).toEqual([3, ""]);
    expect(result.stderr).toBe(
      `rejected: ${messy("titles.csv")}:7: record 5, column kind: unknown kind (expected tv, feature, new-media) (value "radio")\nstopped at the first rejected record (--strict); no output written\n`,
    );
  });

  it("leaves an existing --out as it was", async () => {
    const dir = tempFiles({ "out.csv": "earlier results\n" });
    const result = await run(["calc", "--contract", "sag-2009", "--titles", messy("titles.csv"), "--usage", messy("usage.csv"), "--out", join(dir, "out.csv"), "--strict"]);
    expect(result.code).toBe(3);
    expect(readdirSync(dir)).toEqual(["out.csv"]);
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe("earlier results\n");
  });
});

describe("output is written to a temporary file and renamed", () => {
  it("so a run that fails after --out is opened leaves no half-written --out and no temporary file", async () => {
    const dir = tempFiles({ "usage.csv": "" });
    const result = await run(["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", join(dir, "usage.csv"), "--out", join(dir, "out.csv")]);
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
    expect(readdirSync(dir)).toEqual(["usage.csv"]);
  });
});
