import type { Day } from "../engine/days.js";
import type { Catalogue, Usage } from "../engine/inputs.js";
import type { Dec } from "../engine/money.js";
import { MEDIA, type Medium } from "../engine/vocabulary.js";
import type { CsvRecord } from "./csv.js";
import { isRejection, TableReader, type Rejection } from "./table.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { parseChoice, parseCount, parseDate, parseMoney } from "./values.js";

const USAGE_COLUMNS = [
  { name: "title_id", required: true },
  { name: "medium", required: true, parse: parseChoice(MEDIA, "medium") },
  { name: "period_start", required: true, parse: parseDate },
  { name: "period_end", required: true, parse: parseDate },
  { name: "distributor_gross", required: true, parse: parseMoney },
  { name: "units", required: false, parse: parseCount },
] as const;

/** Turns usage records into `Usage` rows or rejections, checking them against the catalogue. */
export class UsageParser {
  private readonly reader: TableReader;
  private periodStartIndex = -1;
  private periodEndIndex = -1;

  constructor(
    file: string,
    private readonly titles: Catalogue,
  ) {
    this.reader = new TableReader(file, USAGE_COLUMNS);
  }

  useHeader(header: readonly string[]): void {
    this.reader.useHeader(header);
    this.periodStartIndex = this.reader.headerIndex("period_start");
    this.periodEndIndex = this.reader.headerIndex("period_end");
  }

  parse(record: CsvRecord): Usage | Rejection {
    const cells = this.reader.cells(record);
    if (isRejection(cells)) return cells;
    // Indexed reads: array destructuring is measurably slower on this per-row path.
    const titleId = cells[0] as string;
    const medium = cells[1] as Medium;
    const start = cells[2] as Day;
    const end = cells[3] as Day;
    const gross = cells[4] as Dec;
    const units = cells[5] as number | undefined;
    const title = this.titles.get(titleId);
    if (title === undefined) return this.reader.reject(record, "title_id", titleId, UNKNOWN_TITLE);
    if (end < start) {
      const endText = record.values[this.periodEndIndex]!.trim();
      const startText = record.values[this.periodStartIndex]!.trim();
      return this.reader.reject(record, "period_end", endText, `period_end is before period_start ${startText}`);
    }
    return { row: record.record, titleId, title, medium, start, end, gross, units };
  }
}
