import type { Day } from "../engine/days.js";
import type { Catalogue, Usage } from "../engine/inputs.js";
import type { Dec } from "../engine/money.js";
import { MEDIA, type Medium } from "../engine/vocabulary.js";
import type { CsvRecord } from "./csv.js";
import { isRejection, TableReader, type Rejection } from "./table.js";
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

  constructor(
    file: string,
    private readonly titles: Catalogue,
  ) {
    this.reader = new TableReader(file, USAGE_COLUMNS);
  }

  useHeader(header: readonly string[]): void {
    this.reader.useHeader(header);
  }

  parse(record: CsvRecord): Usage | Rejection {
    const cells = this.reader.cells(record);
    if (isRejection(cells)) return cells;
    const [titleId, medium, start, end, gross, units] = cells as [string, Medium, Day, Day, Dec, number | undefined];
    if (!this.titles.has(titleId)) return this.reader.reject(record, "title_id", titleId, "unknown title_id (not in the titles file)");
    if (end < start) {
      return this.reader.reject(record, "period_end", record.values[this.columnIndex("period_end")] ?? "", "period_end is before period_start");
    }
    return units === undefined
      ? { row: record.record, titleId, medium, start, end, gross }
      : { row: record.record, titleId, medium, start, end, gross, units };
  }

  private columnIndex(name: string): number {
    return this.reader.headerIndex(name);
  }
}
