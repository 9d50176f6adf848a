import type { Line } from "../../domain/lines.js";
import { LINE_COLUMNS, lineFields } from "./line-format.js";
import { SHEET_ROWS, type CellValue, type Column, type ColumnKind, type SheetWriter, type StreamingWorkbook } from "./workbook.js";

const KINDS: Record<(typeof LINE_COLUMNS)[number], ColumnKind> = {
  line: "count",
  usage_row: "count",
  title_id: "text",
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
  note: "text",
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
  private readonly columns: Column[];

  constructor(
    private readonly workbook: StreamingWorkbook,
    private readonly explain: boolean,
  ) {
    this.columns = [];
    for (const header of LINE_COLUMNS) {
      this.columns.push({ header, kind: KINDS[header], ...(WIDTHS[header] ? { width: WIDTHS[header] } : {}) });
      if (header === "title_id") this.columns.push({ header: "title", kind: "text", width: WIDTHS.title! });
      if (header === "performer_id") this.columns.push({ header: "name", kind: "text", width: WIDTHS.name! });
    }
    if (explain) this.columns.push({ header: "explanation", kind: "text", width: WIDTHS.explanation! });
  }

  add(number: number, line: Line, performerName: string | undefined): void {
    if (this.sheet === undefined || this.sheet.length >= SHEET_ROWS) this.next();
    const fields = lineFields(number, line, this.explain);
    const values: CellValue[] = [];
    LINE_COLUMNS.forEach((header, index) => {
      const text = fields[index]!;
      if (header === "line" || header === "usage_row") values.push(Number(text));
      else if (header === "period_start") values.push(line.usage.start);
      else if (header === "period_end") values.push(line.usage.end);
      else if (header === "amount") values.push(line.amount);
      else values.push(text);
      if (header === "title_id") values.push(line.usage.title?.name ?? "");
      if (header === "performer_id") values.push(performerName ?? "");
    });
    if (this.explain) values.push(fields[LINE_COLUMNS.length]!);
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
