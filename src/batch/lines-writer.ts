import type { Usage } from "../engine/inputs.js";
import type { Line } from "../engine/lines.js";
import { csvHeader, csvRow, jsonObject, lineFields } from "../io/line-format.js";
import type { Output } from "../io/output.js";
import type { Rejection } from "../io/table.js";
import { renderTable } from "../io/table-format.js";
import type { LedgerSink } from "./ledger.js";
import { LineTotals } from "./totals.js";

export type LineFormat = "csv" | "json" | "table";

/** Writes the payment lines of one contract as they come (a table waits for the last line). */
export class LinesWriter implements LedgerSink {
  totals = new LineTotals();
  rejections: Rejection[] = [];
  private tableLines: Line[] = [];
  private started = false;

  constructor(
    private readonly output: Output,
    private readonly format: LineFormat,
    private readonly explain: boolean,
  ) {}

  row(_usage: Usage, linesPerContract: readonly Line[][]): Promise<void> | undefined {
    const lines = linesPerContract[0]!;
    let text = this.started ? "" : this.opening();
    this.started = true;
    for (const line of lines) {
      this.totals.add(line);
      if (this.format === "table") {
        this.tableLines.push(line);
        continue;
      }
      const fields = lineFields(this.totals.lines, line, this.explain);
      text += this.format === "csv" ? csvRow(fields) : `${this.totals.lines > 1 ? ",\n" : ""}  ${jsonObject(fields, this.explain)}`;
    }
    return text ? this.output.write(text) : undefined;
  }

  reject(rejection: Rejection): void {
    this.rejections.push(rejection);
  }

  async restart(): Promise<void> {
    this.totals = new LineTotals();
    this.rejections = [];
    this.tableLines = [];
    this.started = false;
    await this.output.restart();
  }

  /** Writes what closes the output (also for a ledger with no rows). */
  async finish(): Promise<void> {
    let text = this.started ? "" : this.opening();
    if (this.format === "json") text += this.totals.lines > 0 ? "\n]\n" : "]\n";
    if (this.format === "table") text += renderTable(this.tableLines, this.totals, this.explain);
    await this.output.write(text);
  }

  private opening(): string {
    if (this.format === "csv") return csvHeader(this.explain);
    if (this.format === "json") return "[\n";
    return "";
  }
}
