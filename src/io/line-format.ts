import { formatDay } from "../engine/days.js";
import { explainLine } from "../engine/explain.js";
import { centsText } from "../engine/cents.js";
import { baseOf, type Line } from "../engine/lines.js";
import { formatPlain, type Dec } from "../engine/money.js";
import { csvText } from "./spreadsheet.js";

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
    line.rate === undefined ? "" : rateText(line.rate),
    line.amount === undefined || line.status === "incomplete" ? "" : centsText(line.amount),
    line.performerId ?? "",
    line.note,
  ];
  if (explain) fields.push(explainLine(line));
  return fields;
}

/** The columns of a row's lines that are the same for every line of the row. */
function csvRowPrefix(line: Line): string {
  const usage = line.usage;
  return `${usage.row},${csvText(usage.titleId)},${usage.medium},${formatDay(usage.start)},${formatDay(usage.end)},${csvText(line.contract)}`;
}

/**
 * A line's CSV text after its number and comma (the number is given where lines are put in
 * their final order), with its newline. Text cells are neutralized for spreadsheets and quoted.
 * `prefix` is csvRowPrefix of the line's row.
 */
function csvBody(prefix: string, line: Line, explain: boolean): string {
  const amount = line.amount === undefined || line.status === "incomplete" ? "" : centsText(line.amount);
  const base = baseCell(line);
  const rate = line.rate === undefined ? "" : rateText(line.rate);
  const performer = line.performerId === undefined ? "" : csvText(line.performerId);
  const tail = explain ? `,${csvText(explainLine(line))}\n` : "\n";
  return `${prefix},${csvText(line.rule)},${line.status},${line.basis},${base},${rate},${amount},${performer},${csvText(line.note)}${tail}`;
}

/** A line's JSON object text after `{"line":N,` (amounts as strings, absent values null). */
function jsonBody(line: Line, explain: boolean): string {
  const fields = lineFields(0, line, explain);
  const object = jsonObject(fields, explain);
  return object.slice(object.indexOf(",") + 1);
}

/** The bodies of one row's lines, in order. */
export function rowBodies(lines: readonly Line[], format: "csv" | "json", explain: boolean): string[] {
  if (lines.length === 0) return [];
  if (format === "json") return lines.map((line) => jsonBody(line, explain));
  const prefix = csvRowPrefix(lines[0]!);
  return lines.map((line) => csvBody(prefix, line, explain));
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
