import { describe, expect, it } from "vitest";
import { BAD_QUOTE, UNCLOSED, type CsvRecord } from "../../src/io/csv/records.js";
import { InputFileError, isRejection, TableReader, type ColumnSpec } from "../../src/io/csv/column-reader.js";
import { parseMoney } from "../../src/io/csv/cell-values.js";

const COLUMNS: ColumnSpec[] = [
  { name: "title_id", required: true },
  { name: "distributor_gross", required: true, parse: parseMoney },
  { name: "note", required: false },
];

function reader(header: string[]): TableReader {
  const table = new TableReader("ledger.csv", COLUMNS);
  table.useHeader(header);
  return table;
}

const record = (values: string[], malformed?: string): CsvRecord => ({ values, record: 4, line: 7, ...(malformed ? { malformed } : {}) });

function headerError(header: string[]): string {
  try {
    reader(header);
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as Error).message;
  }
  return "accepted";
}

describe("TableReader: the header", () => {
  it("finds columns in any order and ignores extra ones", () => {
    const table = reader(["extra", "distributor_gross", "title_id"]);
    expect(table.cells(record(["x", "$1,000.00", "T1"]))).toEqual(["T1", expect.anything(), undefined]);
  });

  it("names every missing required column", () => {
    expect(headerError(["note"])).toBe("ledger.csv: missing required columns title_id, distributor_gross (header has: note)");
    expect(headerError(["title_id", "note"])).toBe("ledger.csv: missing required column distributor_gross (header has: title_id, note)");
  });

  it("says when the file is separated by semicolons or tabs", () => {
    expect(headerError(["title_id;distributor_gross"])).toBe(
      "ledger.csv: missing required columns title_id, distributor_gross (header has: title_id;distributor_gross); the file seems to be separated by semicolons: save it comma-separated",
    );
    expect(headerError(["title_id\tdistributor_gross"])).toBe(
      "ledger.csv: missing required columns title_id, distributor_gross (header has: title_id\tdistributor_gross); the file seems to be separated by tabs: save it comma-separated",
    );
  });

  it("refuses a column given twice, which would leave it unclear which one counts", () => {
    expect(headerError(["title_id", "distributor_gross", "title_id"])).toBe("ledger.csv: column title_id appears twice in the header (columns 1 and 3)");
  });

  it("refuses an empty header row (a BOM alone, a line of commas)", () => {
    expect(headerError([""])).toBe("ledger.csv: the header row is empty (the first line must name the columns)");
    expect(headerError(["", "", ""])).toBe("ledger.csv: the header row is empty (the first line must name the columns)");
  });

  it("refuses a header row that a stray quote runs into the next lines", () => {
    expect(headerError(["title_id,distributor_gross\nT1,5\n"])).toBe('ledger.csv: the header row runs over several lines: a quote in it is never closed (a stray " ?)');
  });

  it("refuses a file that is not UTF-8 (a UTF-16 file reads as NULs)", () => {
    expect(headerError(["\uFFFD\uFFFDt\u0000i\u0000"])).toBe('ledger.csv: is not UTF-8 text (save it as "CSV UTF-8")');
  });
});

describe("TableReader: records", () => {
  const table = reader(["title_id", "distributor_gross", "note"]);
  const rejection = (values: string[], malformed?: string) => {
    const cells = table.cells(record(values, malformed));
    if (!isRejection(cells)) throw new Error(`accepted: ${JSON.stringify(cells)}`);
    const { file: _file, ...where } = cells;
    return where;
  };

  it("trims cells and leaves empty optional cells undefined", () => {
    const cells = table.cells(record([" T1 ", " 12.50 ", ""])) as unknown[];
    expect(cells[0]).toBe("T1");
    expect(String(cells[1])).toBe("12.5");
    expect(cells[2]).toBeUndefined();
  });

  it("rejects a record with the wrong number of fields, quoting it", () => {
    expect(rejection(["T1", "12"])).toEqual({ column: "", value: "T1,12", reason: "wrong number of fields: expected 3, got 2", line: 7, record: 4 });
  });

  it("rejects a line of blanks only, and a record of empty fields, saying so", () => {
    expect(rejection(["  "]).reason).toBe("a line of blanks only (expected 3 fields)");
    expect(rejection(["", " ", ""])).toMatchObject({ column: "", reason: "empty record (every field is blank)" });
  });

  it("rejects a missing required value, naming the column", () => {
    expect(rejection(["T1", "", "x"])).toMatchObject({ column: "distributor_gross", value: "", reason: "required value is missing" });
  });

  it("rejects a cell its parser refuses, with the value as written", () => {
    expect(rejection(["T1", "-$5.00", ""])).toMatchObject({ column: "distributor_gross", value: "-$5.00", reason: "negative amount (only distributor_gross may be negative, on a correction)" });
  });

  it("rejects text that was not UTF-8 (decoded as U+FFFD)", () => {
    expect(rejection(["T\uFFFD1", "5", ""])).toMatchObject({ column: "title_id", reason: 'not UTF-8 text (save the file as "CSV UTF-8")' });
  });

  it("explains unparseable quoting in words", () => {
    expect(rejection(["T1", "5", "x"], UNCLOSED).reason).toBe(
      'unparseable quoting: a quoted field is never closed (a stray " ?); it runs to the end of the file',
    );
    expect(rejection(["T1", "5", "x"], BAD_QUOTE).reason).toBe(
      'unparseable quoting: a quote inside a quoted field is not doubled (write "" for a quote inside quotes)',
    );
  });

  it("quotes at most 200 characters of a value (a stray quote can swallow a whole file)", () => {
    const long = "x".repeat(5000);
    const value = rejection([long], "Quoted field unterminated").value;
    expect(value).toBe(`${"x".repeat(200)}…`);
  });
});
