import { formatDay, type Day } from "../engine/days.js";
import { explainLine } from "../engine/explain.js";
import type { Line } from "../engine/lines.js";
import { formatCents, formatPlain } from "../engine/money.js";
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
    dayText(usage.start),
    dayText(usage.end),
    line.contract,
    line.rule,
    line.status,
    line.basis,
    line.base === undefined ? "" : formatPlain(line.base, 6),
    line.rate === undefined ? "" : formatPlain(line.rate, 12),
    line.amount === undefined || line.status === "incomplete" ? "" : formatCents(line.amount),
    line.performerId ?? "",
    line.note,
  ];
  if (explain) fields.push(explainLine(line));
  return fields;
}

const TEXT_COLUMNS = new Set([2, 6, 7, 13, 14, 15]);

export function csvHeader(explain: boolean): string {
  return [...LINE_COLUMNS, ...(explain ? ["explanation"] : [])].join(",") + "\n";
}

export function csvRow(fields: readonly string[]): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ",";
    out += TEXT_COLUMNS.has(i) ? csvText(fields[i]!) : fields[i]!;
  }
  return out + "\n";
}

export function jsonObject(fields: readonly string[], explain: boolean): string {
  const object: Record<string, string | number | null> = {};
  LINE_COLUMNS.forEach((column, i) => {
    const value = fields[i]!;
    if (column === "line" || column === "usage_row") object[column] = Number(value);
    else object[column] = value === "" && column !== "note" && column !== "rule" ? null : value;
  });
  if (explain) object.explanation = fields[LINE_COLUMNS.length]!;
  return JSON.stringify(object);
}

const dayCache = new Map<Day, string>();
function dayText(day: Day): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = formatDay(day);
    if (dayCache.size < 100_000) dayCache.set(day, text);
  }
  return text;
}
