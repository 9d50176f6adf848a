import { formatDay } from "../engine/days.js";
import { explainLine } from "../engine/explain.js";
import { centsText } from "../engine/cents.js";
import { baseOf, type Line } from "../engine/lines.js";
import { formatPlain, type Dec } from "../engine/money.js";
import { csvText } from "./spreadsheet.js";
import { Utf8Buffer } from "./utf8-buffer.js";

export const LINE_COLUMNS = [
  "line", "usage_row", "title_id", "medium", "period_start", "period_end", "contract", "rule",
  "status", "basis", "base", "rate", "amount", "performer_id", "note",
] as const;

/** The fields of a line as text, in LINE_COLUMNS order (plus the explanation when asked for). */
export function lineFields(number: number, line: Line, explain: boolean): string[] {
  const usage = line.usage;
  const fields = [
    String(number),
    String(usage.row),
    usage.titleId,
    usage.medium,
    formatDay(usage.start),
    formatDay(usage.end),
    line.contract,
    line.rule,
    line.status,
    line.basis,
    baseCell(line),
    rateCell(line),
    amountCell(line),
    line.performerId ?? "",
    line.note,
  ];
  if (explain) fields.push(explainLine(line));
  return fields;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** A cell after its comma, as it is: numbers, dates and words of the vocabulary. */
function cell(out: Utf8Buffer, text: string): void {
  out.ascii(COMMA);
  out.text(text);
}

/** A text cell after its comma, neutralized for spreadsheets and quoted (csvText). */
function textCell(out: Utf8Buffer, text: string): void {
  out.ascii(COMMA);
  out.csvText(text);
}

/** The columns of a row's lines that are the same for every line of the row (up to `contract`). */
function writeCsvRowCells(out: Utf8Buffer, line: Line): void {
  const usage = line.usage;
  out.digits(usage.row);
  textCell(out, usage.titleId);
  cell(out, usage.medium);
  cell(out, formatDay(usage.start));
  cell(out, formatDay(usage.end));
  textCell(out, line.contract);
}

/** The rest of a line's CSV text, after its row's cells: from the comma before `rule` to the newline. */
function writeCsvLineCells(out: Utf8Buffer, line: Line, explain: boolean): void {
  textCell(out, line.rule);
  cell(out, line.status);
  cell(out, line.basis);
  cell(out, baseCell(line));
  cell(out, rateCell(line));
  cell(out, amountCell(line));
  textCell(out, line.performerId ?? "");
  textCell(out, line.note);
  if (explain) textCell(out, explainLine(line));
  out.ascii(NEWLINE);
}

/** A line's JSON object text after `{"line":N,` (amounts as strings, absent values null). */
function jsonBody(line: Line, explain: boolean): string {
  const fields = lineFields(0, line, explain);
  const object = jsonObject(fields, explain);
  return object.slice(object.indexOf(",") + 1);
}

/**
 * The bodies of one row's lines, in order: each line's text after its number and the comma
 * that follows it (the number is given where lines are put in their final order), newline
 * included (CSV) or not (JSON).
 */
export function rowBodies(lines: readonly Line[], format: "csv" | "json", explain: boolean): string[] {
  if (lines.length === 0) return [];
  if (format === "json") return lines.map((line) => jsonBody(line, explain));
  const out = new Utf8Buffer(1 << 10);
  const lengths: number[] = [];
  writeRowBodies(lines, format, explain, out, lengths);
  let from = 0;
  return lengths.map((length) => {
    const body = decoder.decode(out.bytes.subarray(from, from + length));
    from += length;
    return body;
  });
}

const decoder = new TextDecoder();

/**
 * The bodies of one row's lines (see rowBodies) written into `out` as UTF-8; each body's length
 * in bytes is pushed onto `lengths`. A CSV row's shared cells are written once and copied.
 */
export function writeRowBodies(lines: readonly Line[], format: "csv" | "json", explain: boolean, out: Utf8Buffer, lengths: number[]): void {
  if (format === "json") {
    for (const body of rowBodies(lines, format, explain)) {
      const start = out.length;
      out.text(body);
      lengths.push(out.length - start);
    }
    return;
  }
  const rowStart = out.length;
  let rowEnd = rowStart;
  lines.forEach((line, index) => {
    const start = out.length;
    if (index === 0) {
      writeCsvRowCells(out, line);
      rowEnd = out.length;
    } else {
      out.repeat(rowStart, rowEnd);
    }
    writeCsvLineCells(out, line, explain);
    lengths.push(out.length - start);
  });
}

/**
 * The base column: the applicable minimum, or the gross attributed to the line. A line on its
 * row's whole gross prints the gross as the reader read it (the common case: no Dec is made);
 * any other base is worked out as a Dec.
 */
function baseCell(line: Line): string {
  const usage = line.usage;
  if (line.gross === usage.gross && line.part === undefined && usage.grossText !== undefined) return usage.grossText;
  const base = baseOf(line);
  return base === undefined ? "" : baseText(base);
}

function rateCell(line: Line): string {
  return line.rate === undefined ? "" : rateText(line.rate);
}

/** The amount column: empty for an incomplete line (it has none yet). */
function amountCell(line: Line): string {
  return line.amount === undefined || line.status === "incomplete" ? "" : centsText(line.amount);
}

/** A base as plain decimal text, at most 6 decimals (most bases have 2, the fast case). */
function baseText(base: Dec): string {
  return base.decimalPlaces() <= 6 ? base.toFixed() : formatPlain(base, 6);
}

// Rates are few objects shared by every line of a rule: their text is worked out once.
const rateTexts = new WeakMap<Dec, string>();
function rateText(rate: Dec): string {
  let text = rateTexts.get(rate);
  if (text === undefined) {
    text = formatPlain(rate, 12);
    rateTexts.set(rate, text);
  }
  return text;
}

export function csvHeader(explain: boolean): string {
  return [...LINE_COLUMNS, ...(explain ? ["explanation"] : [])].join(",") + "\n";
}

function jsonObject(fields: readonly string[], explain: boolean): string {
  const object: Record<string, string | number | null> = {};
  LINE_COLUMNS.forEach((column, i) => {
    const value = fields[i]!;
    if (column === "line" || column === "usage_row") object[column] = Number(value);
    else object[column] = value === "" && column !== "note" && column !== "rule" ? null : value;
  });
  if (explain) object.explanation = fields[LINE_COLUMNS.length]!;
  return JSON.stringify(object);
}
