import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LinesWriter } from "../../src/pipeline/lines-writer.js";
import { LineTotals } from "../../src/pipeline/totals.js";
import { parseDay } from "../../src/domain/days.js";
import type { Usage } from "../../src/domain/inputs.js";
import type { Line } from "../../src/domain/lines.js";
import { Output } from "../../src/io/out/output-file.js";
import { renderTextTable, wrapText } from "../../src/io/out/text-table.js";
import { renderTable, TableTooLong } from "../../src/io/out/line-table.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";

const usage: Usage = { row: 1, titleId: "LF-F02", medium: "rental", start: parseDay("2009-01-01")!, end: parseDay("2009-01-31")!, gross: { unscaled: 18000000n, scale: 2 } };

/** A payable line with every field the table reads. */
function line(amount: bigint | undefined, overrides: Partial<Line> = {}): Line {
  return {
    usage,
    contract: "sag-2009",
    rule: "revenue",
    status: amount === undefined ? "incomplete" : "payable",
    basis: "distributor_gross",
    applicableMinimum: undefined,
    rate: undefined,
    amount,
    performerId: undefined,
    note: "3.6% of distributor's gross",
    ruleNote: "3.6% of distributor's gross",
    gross: undefined,
    part: undefined,
    share: undefined,
    minimum: undefined,
    exclusion: undefined,
    missing: undefined,
    ...overrides,
  };
}

const text = (pieces: Iterable<string>) => [...pieces].join("");

function totalsOf(lines: readonly Line[]): LineTotals {
  const totals = new LineTotals();
  for (const one of lines) totals.add(one);
  return totals;
}

describe("the payment lines table", () => {
  it("renders 300,000 lines, in pieces, without running out of stack", () => {
    const lines = Array.from({ length: 300_000 }, (_, index) => line(BigInt(index)));
    const pieces = [...renderTable(lines, totalsOf(lines), false)];
    expect(pieces.length).toBeGreaterThan(100);
    const rows = pieces.join("").split("\n");
    expect(rows.length).toBe(300_000 + 5);
    expect(rows[2]).toBe("     1    1  LF-F02  rental  2009-01-01  2009-01-31  payable      0.00             3.6% of distributor's gross");
    expect(rows.at(-2)).toBe("Total payable: 449,998,500.00  (300,000 lines: 300000 payable, 0 zero, 0 incomplete, 0 not modelled)");
  });

  it("groups amounts as the totals are, and aligns them", () => {
    const lines = [line(648000n), line(12n), line(undefined, { note: "units is missing" })];
    const rows = text(renderTable(lines, totalsOf(lines), false)).split("\n");
    const amountAt = rows[0]!.indexOf("amount") + "amount".length;
    expect(rows.slice(2, 5).map((row) => row.slice(amountAt - 8, amountAt))).toEqual(["6,480.00", "    0.12", "        "]);
    expect(rows[6]).toBe("Total payable: 6,480.12  (3 lines: 2 payable, 0 zero, 1 incomplete, 0 not modelled)");
  });

  it("escapes control characters, as stderr does, so input text cannot drive the terminal", () => {
    const hostile = { ...usage, titleId: "\u001b]0;owned\u0007T-1" };
    const lines = [line(100n, { usage: hostile, note: "a\u001b[2Jb\u009bc\u202ed\nnext" })];
    const out = text(renderTable(lines, totalsOf(lines), false));
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain("\\u001b]0;owned\\u0007T-1");
    expect(out).toContain("a\\u001b[2Jb\\u009bc\\u202ed next");
  });

  it("fits a terminal's width: notes wrapped, the least useful columns left out, and says so", () => {
    const lines = [line(648000n, { note: "library from 2009-07-01, 92 of 92 days, counted on the whole of the distributor's gross" })];
    const wide = text(renderTable(lines, totalsOf(lines), false));
    expect(Math.max(...wide.split("\n").map((row) => row.length))).toBe(168);
    expect(wide).not.toContain("fitted");

    const fitted = text(renderTable(lines, totalsOf(lines), false, { width: 100 })).split("\n");
    expect(fitted.filter((row) => row.length > 100)).toEqual([]);
    expect(fitted.slice(0, 6)).toEqual([
      "line  title   medium  from        to          status     amount  performer  note",
      "----  ------  ------  ----------  ----------  -------  --------  ---------  ------------------------",
      "   1  LF-F02  rental  2009-01-01  2009-01-31  payable  6,480.00             library from 2009-07-01,",
      "                                                                            92 of 92 days, counted",
      "                                                                            on the whole of the",
      "                                                                            distributor's gross",
    ]);
    expect(fitted.slice(-3, -1)).toEqual([
      "(fitted to the terminal's 100 columns: left out row; wrapped note; --format csv has every column",
      "whole)",
    ]);

    const narrow = text(renderTable(lines, totalsOf(lines), false, { width: 60 })).split("\n");
    expect(narrow.filter((row) => row.length > 60)).toEqual([]);
    expect(narrow[0]).toBe("title     amount  performer  note");
    expect(narrow.slice(-6, -1)).toEqual([
      "Total payable: 6,480.00  (1 line: 1 payable, 0 zero, 0",
      "incomplete, 0 not modelled)",
      "(fitted to the terminal's 60 columns: left out line, row,",
      "medium, from, to, status; wrapped note; --format csv has",
      "every column whole)",
    ]);
  });

  it("stops a run whose table would hold more lines than it shows, saying how to write them", async () => {
    const dir = tempFiles();
    const output = await Output.open(join(dir, "table.txt"), new Writable());
    const writer = new LinesWriter(output, "table", false, { most: 2 });
    writer.row(usage, [[line(1n), line(2n)]]);
    expect(() => writer.row(usage, [[line(3n)]])).toThrow(TableTooLong);
    expect(new TableTooLong(1_000_000).message).toBe(
      "a table shows at most 1,000,000 lines, and this run has more: write them to a file with --out FILE, or give --format csv",
    );
    await output.discard();
  });
});

describe("tables on a terminal, through the command", () => {
  const EXAMPLE = ["--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--cast", "examples/cast.csv", "--quiet"];

  it("fits calc and a three-way compare to 100 columns", async () => {
    const calc = await run(["calc", "--contract", "sag-2009", ...EXAMPLE], 100);
    expect(calc.code).toBe(0);
    expect(calc.stdout.split("\n").filter((row) => row.length > 100)).toEqual([]);
    expect(calc.stdout).toContain("  3,240.00  ");

    const three = ["--contract", "sag-2005", "--contract", "amptp-2008-sag-final-offer", "--contract", "what-if-no-1974-cutoff"];
    const compare = await run(["compare", ...three, ...EXAMPLE], 100);
    expect(compare.code).toBe(0);
    const rows = compare.stdout.split("\n");
    expect(rows.filter((row) => row.length > 100)).toEqual([]);
    expect(rows[0]).toBe("title    sag-2005  amptp-2008-sag-final-offer   diff %  what-if-no-1974-cutoff   diff %");
    expect(rows).toContain("total   17,136.00                   26,144.84   +52.6%               27,146.84   +58.4%");
    expect(rows.slice(-5)).toEqual([
      "",
      "baseline: sag-2005; diff and diff % are against it",
      "(fitted to the terminal's 100 columns: left out name, diff, incomplete lines, deciding rules;",
      "--format csv has every column whole)",
      "",
    ]);
  });

  it("shows every column whole when written to a file, or when stdout is not a terminal", async () => {
    const piped = await run(["calc", "--contract", "sag-2009", ...EXAMPLE, "--format", "table"]);
    expect(piped.stdout.split("\n")[0]).toMatch(/^line {2}row {2}title/);
    expect(piped.stdout).not.toContain("fitted to the terminal");
  });

  it("escapes an input file's control characters in the table, not only on stderr", async () => {
    const dir = tempFiles();
    const titles = join(dir, "titles.csv");
    const usageFile = join(dir, "usage.csv");
    writeFileSync(titles, "title_id,kind,produced_on\n\u001b]0;owned\u0007,feature,2008-06-01\n");
    writeFileSync(usageFile, "title_id,medium,period_start,period_end,distributor_gross\n\u001b]0;owned\u0007,rental,2009-01-01,2009-01-31,1000\n");
    const result = await run(["calc", "--contract", "sag-2009", "--titles", titles, "--usage", usageFile, "--format", "table", "--quiet"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(result.stdout).toContain("\\u001b]0;owned\\u0007");
  });
});

describe("renderTextTable", () => {
  it("aligns footer rows with the body, and wraps long words", () => {
    const columns = [{ header: "key" }, { header: "amount", right: true }];
    const out = text(renderTextTable(columns, { count: 1, cells: () => ["a", "1.00"] }, [["total", "1,000.00"]]));
    expect(out).toBe("key      amount\n-----  --------\na          1.00\n-----  --------\ntotal  1,000.00\n");
    expect(wrapText("a verylongword here", 5)).toEqual(["a", "veryl", "ongwo", "rd", "here"]);
  });
});
