import type { CastNames } from "../../domain/cast-names.js";
import type { Line } from "../../domain/lines.js";
import { lineColumns, lineFields } from "./line-format.js";
import { SHEET_ROWS, type CellValue, type Column, type ColumnKind, type SheetWriter, type StreamingWorkbook } from "./workbook.js";

/** The kind of each column of lineColumns (with names and the explanation). */
const KINDS: Record<string, ColumnKind> = {
  line: "count",
  usage_row: "count",
  title_id: "text",
  title: "text",
  medium: "text",
  period_start: "date",
  period_end: "date",
  contract: "text",
  rule: "text",
  status: "text",
  basis: "text",
  base: "decimal",
  rate: "decimal",
  amount: "money",
  performer_id: "text",
  name: "text",
  note: "text",
  explanation: "text",
};

const WIDTHS: Partial<Record<string, number>> = { title: 32, name: 24, rule: 36, note: 50, explanation: 60, medium: 24, base: 14, amount: 14 };

/**
 * calc's lines as sheets of a workbook: the CSV's columns and values, the title's name after
 * its id and the performer's name after theirs; dates as dates, amounts, bases and rates as
 * numbers. A sheet that is full (Excel's row limit) is followed by "lines (2)" and so on.
 */
export class LinesSheets {
  private sheet: SheetWriter | undefined;
  private sheets = 0;
  private readonly headers: readonly string[];
  private readonly columns: Column[];

  constructor(
    private readonly workbook: StreamingWorkbook,
    private readonly explain: boolean,
  ) {
    this.headers = lineColumns(true, explain);
    this.columns = this.headers.map((header) => ({ header, kind: KINDS[header]!, ...(WIDTHS[header] ? { width: WIDTHS[header] } : {}) }));
  }

  /** Line `number`, with its title's name and its performer's (from `names`). */
  add(number: number, line: Line, names: CastNames): void {
    if (this.sheet === undefined || this.sheet.length >= SHEET_ROWS) this.next();
    const fields = lineFields(number, line, this.explain, names);
    const values: CellValue[] = this.headers.map((header, index) => {
      if (header === "line" || header === "usage_row") return Number(fields[index]);
      if (header === "period_start") return line.usage.start;
      if (header === "period_end") return line.usage.end;
      if (header === "amount") return line.amount;
      return fields[index]!;
    });
    this.sheet!.add(values);
  }

  /** Ends the last sheet (a workbook with no line still has its sheet, with its header). */
  end(): void {
    if (this.sheet === undefined) this.next();
    this.sheet!.end();
  }

  private next(): void {
    this.sheet?.end();
    this.sheets++;
    this.sheet = this.workbook.sheet(this.sheets === 1 ? "lines" : `lines (${this.sheets})`, this.columns);
  }
}
