import { parseDay, type Day } from "../engine/days.js";
import type { Catalogue, Title, Usage } from "../engine/inputs.js";
import { parseScaled, scaledFromDec } from "../engine/cents.js";
import type { Dec } from "../engine/money.js";
import { MEDIA, type Medium } from "../engine/vocabulary.js";
import type { CsvRecord } from "./csv.js";
import { isRejection, TableReader, type Rejection } from "./table.js";
import { TitleIndex } from "./title-index.js";
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

/**
 * The medium a cell names exactly, as the vocabulary's own string (so the engine's lookups by
 * medium compare constants), or undefined. Compared directly: a Map would hash each row's
 * new string first.
 */
function mediumNamed(text: string): Medium | undefined {
  for (let i = 0; i < MEDIA.length; i++) if (MEDIA[i] === text) return MEDIA[i];
  return undefined;
}

/**
 * A plain decimal as Dec.toFixed() writes it: no leading zeros, no trailing fractional zeros
 * ("21973.50" → "21973.5", "100.00" → "100"). Undefined where a leading zero makes it unusual.
 */
function plainText(text: string): string | undefined {
  if (text.charCodeAt(0) === 48 && text.length > 1 && text.charCodeAt(1) !== 46) return undefined;
  const dot = text.indexOf(".");
  if (dot < 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  // Output bases have at most 6 decimals; a longer one is left to the general formatting.
  return end - dot - 1 > 6 ? undefined : text.slice(0, end);
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
    };
  }

  private fast = { width: 0, titleId: -1, medium: -1, gross: -1, units: -1 };

  /**
   * The common case, read directly: a well-formed record with clean cells. Anything unusual
   * (spaces to trim, US-style money, a bad value) goes the general way, which gives every
   * rejection its exact reason; both ways read a good record alike.
   */
  parse(record: CsvRecord): Usage | Rejection {
    const fast = this.fast;
    const values = record.values;
    if (record.malformed === undefined && values.length === fast.width) {
      const titleId = values[fast.titleId]!;
      const medium = mediumNamed(values[fast.medium]!);
      const start = parseDay(values[this.periodStartIndex]!);
      const end = parseDay(values[this.periodEndIndex]!);
      const grossText = values[fast.gross]!;
      const unitsText = fast.units < 0 ? "" : values[fast.units]!;
      // Digits with an optional decimal part, nothing else, read straight into an exact integer.
      const gross = parseScaled(grossText);
      const ordinal = this.ordinals.ordinalOf(titleId);
      if (
        ordinal >= 0 &&
        medium !== undefined &&
        start !== undefined &&
        end !== undefined &&
        start <= end &&
        gross !== undefined &&
        (unitsText === "" || isPlainCount(unitsText))
      ) {
        const units = unitsText === "" ? undefined : Number(unitsText);
        return { row: record.record, titleId, title: this.byOrdinal[ordinal]!, ordinal, medium, start, end, gross, grossText: plainText(grossText), units };
      }
    }
    return this.parseGeneral(record);
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
    const title = this.titles.get(titleId);
    if (title === undefined) return this.reader.reject(record, "title_id", titleId, UNKNOWN_TITLE);
    if (end < start) {
      const endText = record.values[this.periodEndIndex]!.trim();
      const startText = record.values[this.periodStartIndex]!.trim();
      return this.reader.reject(record, "period_end", endText, `period_end is before period_start ${startText}`);
    }
    return { row: record.record, titleId, title, ordinal: title.ordinal, medium, start, end, gross, grossText: undefined, units };
  }
}
