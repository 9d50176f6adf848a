import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { FORMULA_TEXTS, MARKUP_TEXTS } from "../fixtures/injection.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";

/**
 * Workbooks read back with exceljs: each sheet has the CSV's columns (and the names the CSV
 * gains only with --names), the CSV's values with their types (amounts and counts as numbers,
 * dates as dates, text as the CSV's text, neutralized alike), a frozen header and filters.
 */
const hostile = [...FORMULA_TEXTS.map(([text]) => text), ...MARKUP_TEXTS];
const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const examples = (file: string) => readFileSync(join("examples", file), "utf8");
const titles = examples("titles.csv") + hostile.map((name, index) => `${index === 0 ? "=X" : `EV-${index}`},${quote(name)},tv,1970-01-01,1970-06-01,30,no,network,,${1000 + index}\n`).join("");
const usage = examples("usage.csv") + hostile.map((_, index) => `${index === 0 ? "=X" : `EV-${index}`},subscription-streaming,2009-0${1 + (index % 3)}-01,2009-0${1 + (index % 3)}-28,${1000 * (index + 1)}.00,\n`).join("");
const cast = examples("cast.csv") + `SA-310,P-9,${quote("=cmd|' /C calc'!A0")},1000.00,1\n`;
const dir = tempFiles({ "titles.csv": titles, "usage.csv": usage, "cast.csv": cast });
const INPUTS = ["--titles", join(dir, "titles.csv"), "--usage", join(dir, "usage.csv"), "--cast", join(dir, "cast.csv"), "--quiet"];
const CONTRACTS = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"].flatMap((id) => ["--contract", id]);

type Csv = string[][];
const parseCsv = (text: string): Csv => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: ExcelJS.CellValue[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) values.push(row.getCell(column).value);
    rows.push(values);
  });
  return rows;
}

/** A cell as the CSV would write it, with its type: numbers must be numbers, dates dates. */
function expectCell(value: ExcelJS.CellValue, csv: string, kind: "text" | "number" | "date"): void {
  if (csv === "") return expect(value).toBeNull();
  if (kind === "number") {
    expect(typeof value).toBe("number");
    return expect(value).toBe(Number(csv));
  }
  if (kind === "date") {
    expect(value).toBeInstanceOf(Date);
    return expect((value as Date).toISOString().slice(0, 10)).toBe(csv);
  }
  expect(value).toBe(csv);
}

function expectFrozenAndFiltered(sheet: ExcelJS.Worksheet): void {
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(sheet.autoFilter).toBeDefined();
}

describe("compare as a workbook", () => {
  it("has a sheet per grouping asked, each the CSV's figures, and a sheet of the contracts", async () => {
    const out = join(dir, "comparison.xlsx");
    const made = await run(["compare", ...CONTRACTS, ...INPUTS, "--by", "title", "--by", "year", "--by", "medium", "--out", out]);
    expect(made).toEqual({ code: 0, stdout: "", stderr: "" });
    const book = await readBook(out);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["by title", "by year", "by medium", "contracts"]);
    for (const by of ["title", "year", "medium"]) {
      const csv = parseCsv((await run(["compare", ...CONTRACTS, ...INPUTS, "--by", by, "--format", "csv", "--names"])).stdout);
      const sheet = book.getWorksheet(`by ${by}`)!;
      expectFrozenAndFiltered(sheet);
      const rows = rowsOf(sheet);
      expect(rows[0]).toEqual(csv[0]);
      expect(rows.length).toBe(csv.length);
      const header = csv[0]!;
      csv.slice(1).forEach((cells, index) => {
        cells.forEach((text, column) => {
          const name = header[column]!;
          const numeric = !["title_id", "title", "medium", "year", "incomplete_lines", "deciding_rules"].includes(name);
          expectCell(rows[index + 1]![column]!, text, numeric ? "number" : "text");
        });
      });
      expect(sheet.getColumn(header.indexOf("sag-2005") + 1).numFmt).toBe("#,##0.00;-#,##0.00");
    }
    const contracts = rowsOf(book.getWorksheet("contracts")!);
    expect(contracts.map((row) => row[0])).toEqual(["contract", "sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"]);
    expect(typeof contracts[1]![4]).toBe("number");
  });

  it("neutralizes text a spreadsheet would run, as the CSV does", async () => {
    const out = join(dir, "hostile.xlsx");
    await run(["compare", ...CONTRACTS, ...INPUTS, "--out", out]);
    const names = rowsOf((await readBook(out)).getWorksheet("by title")!).map((row) => row[1]);
    // As the titles reader gives them (spaces around a name dropped), then neutralized.
    for (const [text, neutralized] of FORMULA_TEXTS) if (text.trim() === text) expect(names).toContain(neutralized);
    expect(names).toEqual(expect.arrayContaining(["indent", "return", ...MARKUP_TEXTS]));
    expect(rowsOf((await readBook(out)).getWorksheet("by title")!).map((row) => row[0])).toContain("'=X");
  });
});

describe("calc as a workbook", () => {
  it("has the lines of the CSV with --names, dates as dates and amounts as numbers, names neutralized alike", async () => {
    const out = join(dir, "lines.xlsx");
    expect(await run(["calc", "--contract", "sag-2009", ...INPUTS, "--out", out, "--explain"])).toEqual({ code: 0, stdout: "", stderr: "" });
    const csv = parseCsv((await run(["calc", "--contract", "sag-2009", ...INPUTS, "--format", "csv", "--explain", "--names"])).stdout);
    const sheet = (await readBook(out)).getWorksheet("lines")!;
    expectFrozenAndFiltered(sheet);
    const rows = rowsOf(sheet);
    const header = rows[0] as string[];
    expect(header).toEqual(csv[0]);
    expect(header.slice(2, 4)).toEqual(["title_id", "title"]);
    expect(rows.length).toBe(csv.length);
    const kinds: Record<string, "number" | "date"> = { line: "number", usage_row: "number", period_start: "date", period_end: "date", base: "number", rate: "number", amount: "number" };
    csv.slice(1).forEach((cells, index) => {
      const row = rows[index + 1]!;
      csv[0]!.forEach((name, column) => expectCell(row[header.indexOf(name)]!, cells[column]!, kinds[name] ?? "text"));
    });
    const byTitle = (id: string) => rows.find((row) => row[2] === id)!;
    expect(byTitle("HL-101")[3]).toBe("Harbor Lights (pilot)");
    const performer = rows.find((row) => row[header.indexOf("performer_id")] === "P-1001")!;
    expect(performer[header.indexOf("name")]).toBe("Rosa Delgado (series regular)");
    expect(rows.find((row) => row[header.indexOf("performer_id")] === "P-9")?.[header.indexOf("name")]).toBe("'=cmd|' /C calc'!A0");
    const titles = rows.map((row) => row[3]);
    for (const [text, neutralized] of FORMULA_TEXTS) if (text.trim() === text) expect(titles).toContain(neutralized);
  });
});
