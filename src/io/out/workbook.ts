import { Writable } from "node:stream";
import type ExcelJS from "exceljs";
import { centsText } from "../../money/scaled.js";
import type { Day } from "../../domain/days.js";
import type { Output } from "./output-file.js";
import { neutralize } from "./spreadsheet-safety.js";

/**
 * What a column holds, and so how its cells are written: text (neutralized, as in CSV), money
 * (cents, shown with two decimals and thousands separators), a count, a percentage (hundredths,
 * as the CSV's number of percent), a date, a decimal given as its text (a base, a rate).
 */
export type ColumnKind = "text" | "money" | "count" | "percent" | "date" | "decimal";

export interface Column {
  readonly header: string;
  readonly kind: ColumnKind;
  /** In characters. */
  readonly width?: number;
}

/** A cell's value as the writers have it: text, cents or hundredths (bigint), a count, a day. */
export type CellValue = string | bigint | number | undefined;

const FORMATS: Record<Exclude<ColumnKind, "text">, string> = {
  money: "#,##0.00;-#,##0.00",
  count: "0",
  percent: "0.00",
  date: "yyyy-mm-dd",
  decimal: "#,##0.00####",
};

/** A sheet holds at most this many rows (Excel's limit, its header included). */
export const SHEET_ROWS = 1_048_576;

/**
 * An .xlsx workbook written as it goes (exceljs's streaming writer): each row is committed and
 * compressed when added, so memory stays bounded however many rows there are. The bytes go
 * through the run's Output, like every other format's.
 */
export class StreamingWorkbook {
  /** False once abandoned: what the workbook still writes then is dropped. */
  private live = true;
  private workbook!: ExcelJS.stream.xlsx.WorkbookWriter;
  private done!: Promise<void>;

  private constructor() {}

  static async open(output: Output): Promise<StreamingWorkbook> {
    const { default: excel } = await import("exceljs");
    const book = new StreamingWorkbook();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (!book.live) return callback();
        const waiting = output.writeBytes(chunk);
        if (waiting) waiting.then(() => callback(), callback);
        else callback();
      },
    });
    book.done = new Promise<void>((resolve, reject) => {
      sink.on("finish", resolve);
      sink.on("error", reject);
    });
    book.workbook = new excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    return book;
  }

  /** The workbook will not be finished (its output starts again): nothing more of it is written. */
  abandon(): void {
    this.live = false;
  }

  /** A sheet with a frozen header row and filters on it; its rows are written with SheetWriter.add. */
  sheet(name: string, columns: readonly Column[]): SheetWriter {
    return new SheetWriter(this.workbook, name, columns);
  }

  /** Writes what closes the workbook; the output is complete when this returns. */
  async finish(): Promise<void> {
    await this.workbook.commit();
    await this.done;
  }
}

export class SheetWriter {
  private readonly sheet: ExcelJS.Worksheet;
  private rows = 1;

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly columns: readonly Column[],
  ) {
    this.sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    this.sheet.columns = columns.map((column, index) => ({
      key: String(index),
      width: column.width ?? Math.max(10, Math.min(40, column.header.length + 2)),
      ...(column.kind === "text" ? {} : { style: { numFmt: FORMATS[column.kind] } }),
    }));
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = this.sheet.addRow(columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
  }

  /** Rows in the sheet so far, its header included. */
  get length(): number {
    return this.rows;
  }

  /** One row, a value per column (undefined: an empty cell). */
  add(values: readonly CellValue[]): void {
    const row = this.sheet.addRow(values.map((value, index) => cellOf(this.columns[index]!.kind, value)));
    row.commit();
    this.rows++;
  }

  /** Ends the sheet: its rows are all written (a sheet is also ended when the workbook is). */
  end(): void {
    this.sheet.commit();
  }
}

function cellOf(kind: ColumnKind, value: CellValue): ExcelJS.CellValue {
  if (value === undefined || value === "") return null;
  if (kind === "text") return neutralize(String(value));
  if (kind === "date") return new Date((value as Day) * 86_400_000);
  if (kind === "count") return value as number;
  if (kind === "decimal") return decimalNumber(value as string);
  return hundredthsNumber(value as bigint);
}

/** A decimal's text as a number where a double gives back that text (see hundredthsNumber), else the text. */
function decimalNumber(text: string): number | string {
  const digits = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "");
  const number = Number(text);
  return digits.length <= 15 && Number.isFinite(number) ? number : text;
}

/**
 * Cents (or hundredths of a percent) as the number the cell holds. A workbook stores numbers as
 * decimal text, which exceljs writes as the shortest text that reads back as the same double:
 * for up to 15 significant digits that is the cents' own text, so the cell holds the exact
 * amount. Past that a double cannot carry it, and the amount is written as text instead.
 */
function hundredthsNumber(cents: bigint): number | string {
  const text = centsText(cents);
  const magnitude = cents < 0n ? -cents : cents;
  return magnitude < 10n ** 15n ? Number(text) : text;
}
