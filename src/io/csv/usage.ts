import { parseDay, type Day } from "../../domain/days.js";
import type { Catalogue, Title, Usage } from "../../domain/inputs.js";
import { parseScaled, scaledFromDec, type Scaled } from "../../money/scaled.js";
import type { Dec } from "../../money/decimal.js";
import { MEDIA, type Medium } from "../../domain/vocabulary.js";
import { splitFields, type CsvRecord } from "./records.js";
import { isRejection, TableReader, type Rejection } from "./column-reader.js";
import { TitleIndex } from "./title-index.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { asciiString, countFromBytes, dayFromBytes, mediumFromBytes, scaledFromBytes } from "./cell-bytes.js";
import { AMOUNT_DIGITS, correctionProblem, parseChoice, parseDate, parseDecimal, parseSignedCount, parseSignedMoney } from "./cell-values.js";

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

/** A text cell read as it is: ASCII, nothing to trim (as the general way would read it); undefined for any other. */
function cleanText(text: string): string | undefined {
  const length = text.length;
  if (length === 0 || text.charCodeAt(0) <= 32 || text.charCodeAt(length - 1) <= 32) return undefined;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) > 126) return undefined;
  return text;
}

/** cleanText for a cell's bytes. */
function cleanTextFromBytes(bytes: Buffer, from: number, end: number): string | undefined {
  if (end === from || bytes[from]! <= 32 || bytes[end - 1]! <= 32) return undefined;
  for (let i = from; i < end; i++) if (bytes[i]! > 126) return undefined;
  return asciiString(bytes, from, end);
}

/**
 * The medium a cell names exactly, as the vocabulary's own string (so the engine's lookups by
 * medium compare constants), or undefined. Compared directly: a Map would hash each row's
 * new string first.
 */
function mediumNamed(text: string): Medium | undefined {
  for (let i = 0; i < MEDIA.length; i++) if (MEDIA[i] === text) return MEDIA[i];
  return undefined;
}

/** A whole count small enough to be exact in a number (up to 15 digits). */
function isPlainCount(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 15) return false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Turns usage records into `Usage` rows or rejections, checking them against the catalogue. */
export class UsageParser {
  private readonly reader: TableReader;
  private periodStartIndex = -1;
  private periodEndIndex = -1;

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
    this.reader.useHeader(header);
    this.periodStartIndex = this.reader.headerIndex("period_start");
    this.periodEndIndex = this.reader.headerIndex("period_end");
    this.fast = {
      width: header.length,
      titleId: this.reader.headerIndex("title_id"),
      medium: this.reader.headerIndex("medium"),
      gross: this.reader.headerIndex("distributor_gross"),
      units: this.reader.headerIndex("units"),
      service: this.reader.headerIndex("service"),
      hours: this.reader.headerIndex("hours_viewed"),
    };
    this.bounds = new Int32Array(2 * header.length);
  }

  private fast = { width: 0, titleId: -1, medium: -1, gross: -1, units: -1, service: -1, hours: -1 };
  /** Where parseBytes finds each cell of a row: field i from bounds[2i] to bounds[2i + 1]. */
  private bounds = new Int32Array(0);

  /**
   * The common case, read directly: a well-formed record with clean cells. Anything unusual
   * (spaces to trim, US-style money, a bad value) goes the general way, which gives every
   * rejection its exact reason; both ways read a good record alike.
   */
  parse(record: CsvRecord): Usage | Rejection {
    const fast = this.fast;
    const values = record.values;
    if (record.malformed === undefined && record.nul === undefined && values.length === fast.width) {
      const titleId = values[fast.titleId]!;
      const medium = mediumNamed(values[fast.medium]!);
      const start = parseDay(values[this.periodStartIndex]!);
      const end = parseDay(values[this.periodEndIndex]!);
      const grossText = values[fast.gross]!;
      const unitsText = fast.units < 0 ? "" : values[fast.units]!;
      const serviceText = fast.service < 0 ? "" : values[fast.service]!;
      const hoursText = fast.hours < 0 ? "" : values[fast.hours]!;
      // Digits with an optional decimal part, nothing else, read straight into an exact integer.
      const gross = grossText.length <= AMOUNT_DIGITS ? parseScaled(grossText) : undefined;
      const ordinal = this.ordinals.ordinalOf(titleId);
      const service = serviceText === "" ? undefined : cleanText(serviceText);
      const hoursViewed = hoursText === "" ? undefined : parseScaled(hoursText);
      if (
        ordinal >= 0 &&
        medium !== undefined &&
        start !== undefined &&
        end !== undefined &&
        start <= end &&
        gross !== undefined &&
        (unitsText === "" || isPlainCount(unitsText)) &&
        (serviceText === "" || service !== undefined) &&
        (hoursText === "" || hoursViewed !== undefined)
      ) {
        const units = unitsText === "" ? undefined : Number(unitsText);
        return { row: record.record, titleId, title: this.byOrdinal[ordinal]!, ordinal, medium, start, end, gross, units, service, hoursViewed };
      }
    }
    return this.parseGeneral(record);
  }

  /**
   * parse for a record from its UTF-8 bytes, `from` to `end` (line end excluded), its cells
   * found by splitFields (quoted or not), read without making a string:
   * the Usage parse gives, where the row is one its fast way reads; undefined for any other
   * (parse then reads its text, and gives the reason of a rejection).
   */
  parseBytes(bytes: Buffer, from: number, end: number, record: number): Usage | undefined {
    const fast = this.fast;
    const bounds = this.bounds;
    if (!splitFields(bytes, from, end, fast.width, bounds)) return undefined;

    const ordinal = this.ordinals.ordinalOfBytes(bytes, bounds[2 * fast.titleId]!, bounds[2 * fast.titleId + 1]!);
    if (ordinal === undefined || ordinal < 0) return undefined;
    const medium = mediumFromBytes(bytes, bounds[2 * fast.medium]!, bounds[2 * fast.medium + 1]!);
    const start = dayFromBytes(bytes, bounds[2 * this.periodStartIndex]!, bounds[2 * this.periodStartIndex + 1]!);
    const last = dayFromBytes(bytes, bounds[2 * this.periodEndIndex]!, bounds[2 * this.periodEndIndex + 1]!);
    const gross = scaledFromBytes(bytes, bounds[2 * fast.gross]!, bounds[2 * fast.gross + 1]!);
    if (medium === undefined || start === undefined || last === undefined || start > last || gross === undefined) return undefined;
    let units: number | undefined;
    if (fast.units >= 0 && bounds[2 * fast.units + 1]! > bounds[2 * fast.units]!) {
      units = countFromBytes(bytes, bounds[2 * fast.units]!, bounds[2 * fast.units + 1]!);
      if (units < 0) return undefined;
    }
    let service: string | undefined;
    if (fast.service >= 0 && bounds[2 * fast.service + 1]! > bounds[2 * fast.service]!) {
      service = cleanTextFromBytes(bytes, bounds[2 * fast.service]!, bounds[2 * fast.service + 1]!);
      if (service === undefined) return undefined;
    }
    let hoursViewed: Scaled | undefined;
    if (fast.hours >= 0 && bounds[2 * fast.hours + 1]! > bounds[2 * fast.hours]!) {
      hoursViewed = scaledFromBytes(bytes, bounds[2 * fast.hours]!, bounds[2 * fast.hours + 1]!);
      if (hoursViewed === undefined) return undefined;
    }
    // The id from the row's bytes (ASCII, as ordinalOfBytes found): title.id would be a read of
    // the title, which the common row's computing never needs, out of cache over a large catalogue.
    const titleId = asciiString(bytes, bounds[2 * fast.titleId]!, bounds[2 * fast.titleId + 1]!);
    return { row: record, titleId, title: this.byOrdinal[ordinal]!, ordinal, medium, start, end: last, gross, units, service, hoursViewed };
  }

  private parseGeneral(record: CsvRecord): Usage | Rejection {
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
      const endText = record.values[this.periodEndIndex]!.trim();
      const startText = record.values[this.periodStartIndex]!.trim();
      return this.reader.reject(record, "period_end", endText, `period_end is before period_start ${startText}`);
    }
    const mismatch = correctionProblem(gross, units);
    if (mismatch !== undefined) return this.reader.reject(record, "units", record.values[this.fast.units]!.trim(), mismatch);
    const hoursViewed = hours === undefined ? undefined : scaledFromDec(hours);
    return { row: record.record, titleId, title, ordinal: title.ordinal, medium, start, end, gross, units, service, hoursViewed };
  }
}
