import type { Day } from "../../domain/days.js";
import type { Catalogue, Title, Usage } from "../../domain/inputs.js";
import { scaledFromDec, type Scaled } from "../../money/scaled.js";
import type { Dec } from "../../money/decimal.js";
import { MEDIA, type Medium } from "../../domain/vocabulary.js";
import { splitFields, type CsvRecord } from "./records.js";
import { isRejection, REQUIRED_MISSING, TableReader, type Rejection } from "./column-reader.js";
import { TitleIndex } from "./title-index.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { asciiString, countFromBytes, dayFromBytes, isCleanAscii, mediumFromBytes, scaledFromBytes } from "./cell-bytes.js";
import { correctionProblem, parseChoice, parseDate, parseDecimal, parseSignedCount, parseSignedMoney } from "./cell-values.js";

const USAGE_COLUMNS = [
  { name: "title_id", required: true },
  { name: "medium", required: true, parse: parseChoice(MEDIA, "medium") },
  { name: "period_start", required: true, parse: parseDate },
  { name: "period_end", required: true, parse: parseDate },
  { name: "distributor_gross", required: true, parse: parseSignedMoney },
  { name: "units", required: false, parse: parseSignedCount },
  { name: "service", required: false },
  { name: "hours_viewed", required: false, parse: parseDecimal },
] as const;

/** Turns usage records into `Usage` rows or rejections, checking them against the catalogue. */
export class UsageParser {
  private readonly reader: TableReader;

  /**
   * Titles by catalogue ordinal, and ids to ordinals: a row's lookup yields a number without
   * reading the title object. Titles without an ordinal (catalogues built in code) take the
   * general way.
   */
  private readonly byOrdinal: Title[] = [];
  private readonly ordinals: TitleIndex;

  constructor(
    file: string,
    private readonly titles: Catalogue,
  ) {
    this.reader = new TableReader(file, USAGE_COLUMNS);
    for (const title of titles.values()) if (title.ordinal !== undefined) this.byOrdinal[title.ordinal] = title;
    this.ordinals = new TitleIndex(Array.from(this.byOrdinal, (title) => title?.id));
  }

  useHeader(header: readonly string[]): void {
    const reader = this.reader;
    reader.useHeader(header);
    this.columnAt = {
      width: header.length,
      titleId: reader.headerIndex("title_id"),
      medium: reader.headerIndex("medium"),
      start: reader.headerIndex("period_start"),
      end: reader.headerIndex("period_end"),
      gross: reader.headerIndex("distributor_gross"),
      units: reader.headerIndex("units"),
      service: reader.headerIndex("service"),
      hours: reader.headerIndex("hours_viewed"),
    };
    this.bounds = new Int32Array(2 * header.length);
  }

  /** Each column's place in the header (-1: an optional column the file does not have). */
  private columnAt = { width: 0, titleId: -1, medium: -1, start: -1, end: -1, gross: -1, units: -1, service: -1, hours: -1 };
  /** Where parseBytes finds each cell of a row: field i from bounds[2i] to bounds[2i + 1]. */
  private bounds = new Int32Array(0);

  /** Where the cell of a column starts in the row's bytes (a column the file does not have: an empty cell at 0). */
  private startOf(column: number): number {
    return column < 0 ? 0 : this.bounds[2 * column]!;
  }

  /** Where the cell of a column ends (see startOf). */
  private endOf(column: number): number {
    return column < 0 ? 0 : this.bounds[2 * column + 1]!;
  }

  /** A record read as text (see parseBytes for the common case): a usage row, or why it is rejected. */
  parse(record: CsvRecord): Usage | Rejection {
    const cells = this.reader.cells(record);
    if (isRejection(cells)) return cells;
    // Indexed reads: array destructuring is measurably slower on this per-row path.
    const titleId = cells[0] as string;
    const medium = cells[1] as Medium;
    const start = cells[2] as Day;
    const end = cells[3] as Day;
    const gross = scaledFromDec(cells[4] as Dec);
    const units = cells[5] as number | undefined;
    const service = cells[6] as string | undefined;
    const hours = cells[7] as Dec | undefined;
    const title = this.titles.get(titleId);
    if (title === undefined) return this.reader.reject(record, "title_id", titleId, UNKNOWN_TITLE);
    if (end < start) {
      const endText = record.values[this.columnAt.end]!.trim();
      const startText = record.values[this.columnAt.start]!.trim();
      return this.reader.reject(record, "period_end", endText, `period_end is before period_start ${startText}`);
    }
    const mismatch = correctionProblem(gross, units);
    if (mismatch !== undefined) return this.reader.reject(record, "units", record.values[this.columnAt.units]!.trim(), mismatch);
    const hoursViewed = hours === undefined ? undefined : scaledFromDec(hours);
    return { row: record.record, titleId, title, ordinal: title.ordinal, medium, start, end, gross, units, service, hoursViewed };
  }

  /**
   * parse for a record from its UTF-8 bytes, `from` to `end` (line end excluded), its cells
   * found by splitFields (quoted or not), read without making a string: the Usage parse gives,
   * where the row is one its fast way reads, and the rejection of a row without its gross (the
   * commonest missing value); undefined for any other (parse then reads its text, and gives the
   * reason of a rejection).
   */
  parseBytes(bytes: Buffer, from: number, end: number, record: number, line: number): Usage | Rejection | undefined {
    const at = this.columnAt;
    if (!splitFields(bytes, from, end, at.width, this.bounds)) return undefined;

    // An empty id is a missing value (the text reader says so), even where a catalogue built in code has one.
    if (this.endOf(at.titleId) === this.startOf(at.titleId)) return undefined;
    const ordinal = this.ordinals.ordinalOfBytes(bytes, this.startOf(at.titleId), this.endOf(at.titleId));
    if (ordinal === undefined || ordinal < 0) return undefined;
    const medium = mediumFromBytes(bytes, this.startOf(at.medium), this.endOf(at.medium));
    const start = dayFromBytes(bytes, this.startOf(at.start), this.endOf(at.start));
    const last = dayFromBytes(bytes, this.startOf(at.end), this.endOf(at.end));
    if (medium === undefined || start === undefined || last === undefined) return undefined;
    // Every column before the gross in USAGE_COLUMNS' order is read, as parse reads them: an
    // empty gross is the first cell it finds wrong.
    if (this.endOf(at.gross) === this.startOf(at.gross)) return this.reader.reject({ record, line }, "distributor_gross", "", REQUIRED_MISSING);
    const gross = scaledFromBytes(bytes, this.startOf(at.gross), this.endOf(at.gross));
    if (start > last || gross === undefined) return undefined;
    let units: number | undefined;
    if (this.endOf(at.units) > this.startOf(at.units)) {
      units = countFromBytes(bytes, this.startOf(at.units), this.endOf(at.units));
      if (units < 0) return undefined;
    }
    let service: string | undefined;
    if (this.endOf(at.service) > this.startOf(at.service)) {
      if (!isCleanAscii(bytes, this.startOf(at.service), this.endOf(at.service))) return undefined;
      service = asciiString(bytes, this.startOf(at.service), this.endOf(at.service));
    }
    let hoursViewed: Scaled | undefined;
    if (this.endOf(at.hours) > this.startOf(at.hours)) {
      hoursViewed = scaledFromBytes(bytes, this.startOf(at.hours), this.endOf(at.hours));
      if (hoursViewed === undefined) return undefined;
    }
    // The id from the row's bytes (ASCII, as ordinalOfBytes found): title.id would be a read of
    // the title, which the common row's computing never needs, out of cache over a large catalogue.
    const titleId = asciiString(bytes, this.startOf(at.titleId), this.endOf(at.titleId));
    return { row: record, titleId, title: this.byOrdinal[ordinal]!, ordinal, medium, start, end: last, gross, units, service, hoursViewed };
  }
}
