import type { Line } from "../../domain/lines.js";
import { centsGrouped } from "../../money/scaled.js";
import { statusCounts, type Totals } from "../../domain/totals.js";
import { lineFields } from "./line-format.js";

const TABLE_COLUMNS: { header: string; field: number; right?: boolean }[] = [
  { header: "line", field: 0, right: true },
  { header: "row", field: 1, right: true },
  { header: "title", field: 2 },
  { header: "medium", field: 3 },
  { header: "from", field: 4 },
  { header: "to", field: 5 },
  { header: "status", field: 8 },
  { header: "amount", field: 12, right: true },
  { header: "performer", field: 13 },
  { header: "note", field: 14 },
];

/** A readable table for a terminal, with totals; it needs every line before it can align them. */
export function renderTable(lines: readonly Line[], totals: Totals, explain: boolean): string {
  const columns = explain ? [...TABLE_COLUMNS.slice(0, -1), { header: "explanation", field: 15 }] : TABLE_COLUMNS;
  const rows = lines.map((line, index) => {
    const fields = lineFields(index + 1, line, explain);
    return columns.map((column) => fields[column.field]!.replace(/\s+/g, " "));
  });
  const headers = columns.map((column) => column.header);
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]!.right ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const summary = `Total payable: ${centsGrouped(totals.amount)}  (${totals.lines} lines: ${statusCounts(totals)})`;
  return [render(headers), rule, ...rows.map(render), rule, summary].join("\n") + "\n";
}
