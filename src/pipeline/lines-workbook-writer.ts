import { CastNames } from "../domain/cast-names.js";
import type { CastList, Usage } from "../domain/inputs.js";
import type { Line } from "../domain/lines.js";
import { LinesSheets } from "../io/out/lines-workbook.js";
import type { Output } from "../io/out/output-file.js";
import { StreamingWorkbook } from "../io/out/workbook.js";
import type { LedgerSink } from "./ledger.js";
import { LineTotals } from "./totals.js";

/**
 * calc's lines as a workbook, numbered in input order and written as they come (memory stays
 * bounded: see StreamingWorkbook). It takes line objects, so it runs on the main thread.
 */
export class LinesWorkbookWriter implements LedgerSink {
  totals = new LineTotals();
  private numbered = 0;
  private names = new CastNames(undefined);

  private constructor(
    private readonly output: Output,
    private readonly explain: boolean,
    private workbook: StreamingWorkbook,
    private sheets: LinesSheets,
  ) {}

  static async open(output: Output, explain: boolean): Promise<LinesWorkbookWriter> {
    const workbook = await StreamingWorkbook.open(output);
    return new LinesWorkbookWriter(output, explain, workbook, new LinesSheets(workbook, explain));
  }

  /** The cast, for performers' names. */
  useCast(cast: CastList | undefined): void {
    this.names = new CastNames(cast);
  }

  row(_usage: Usage, linesPerContract: readonly Line[][]): void {
    for (const line of linesPerContract[0]!) {
      this.totals.add(line);
      this.sheets.add(++this.numbered, line, this.names);
    }
  }

  async restart(): Promise<void> {
    this.workbook.abandon();
    await this.output.restart();
    this.totals = new LineTotals();
    this.numbered = 0;
    this.workbook = await StreamingWorkbook.open(this.output);
    this.sheets = new LinesSheets(this.workbook, this.explain);
  }

  async finish(): Promise<void> {
    this.sheets.end();
    await this.workbook.finish();
  }
}
