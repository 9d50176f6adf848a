import type { Line } from "../../domain/lines.js";
import { centsGrouped, countGrouped } from "../../money/scaled.js";
import { statusCounts, type Totals } from "../../domain/totals.js";
import { formatDay } from "../../domain/days.js";
import { explainLine } from "../../engine/explain.js";
import { CastNames } from "../../domain/cast-names.js";
import { renderTextTable, type TableColumn, type TableLayout } from "./text-table.js";

/**
 * The most lines a table holds. A table is aligned on its widest cells, so its lines are all
 * kept until the last is known; past this many (far more than anyone reads on a terminal) the
 * run stops, and says how to write them instead.
 */
export const TABLE_LINES_AT_MOST = 1_000_000;

export class TableTooLong extends Error {
  constructor(readonly most: number) {
    super(`a table shows at most ${countGrouped(most)} lines, and this run has more: write them to a file with --out FILE, or give --format csv`);
    this.name = "TableTooLong";
  }
}

/** A column of the line table, and its text for a line (numbered `number`). */
interface LineColumn extends TableColumn {
  readonly cell: (line: Line, number: number) => string;
}

const amountCell = (line: Line) => (line.amount === undefined ? "" : centsGrouped(line.amount));

/** Left out to fit a narrow terminal, lowest `drop` first: what --format csv still has, or another column implies. */
const TABLE_COLUMNS: readonly LineColumn[] = [
  { header: "line", right: true, drop: 3, cell: (_, number) => String(number) },
  { header: "row", right: true, drop: 1, cell: (line) => String(line.usage.row) },
  { header: "title", cell: (line) => line.usage.titleId },
  { header: "medium", drop: 6, cell: (line) => line.usage.medium },
  { header: "from", drop: 4, cell: (line) => formatDay(line.usage.start) },
  { header: "to", drop: 2, cell: (line) => formatDay(line.usage.end) },
  { header: "status", drop: 5, cell: (line) => line.status },
  { header: "amount", right: true, cell: amountCell },
  { header: "performer", cell: (line) => line.performerId ?? "" },
  { header: "note", wrap: true, drop: 7, cell: (line) => line.note },
];

const EXPLAINED_COLUMNS: readonly LineColumn[] = [...TABLE_COLUMNS.slice(0, -1), { header: "explanation", wrap: true, drop: 7, cell: (line) => explainLine(line) }];

/**
 * The names beside the ids, where the titles and cast files give some: wrapped before any
 * column is left out, and left out before the medium (the id beside each still says whose).
 */
function withNames(columns: readonly LineColumn[], lines: readonly Line[], names: CastNames): LineColumn[] {
  const titleName = (line: Line) => line.usage.title?.name ?? "";
  const performerName = (line: Line) => names.nameOf(line.usage.titleId, line.performerId) ?? "";
  const named = [
    { after: "title", shown: lines.some((line) => titleName(line) !== ""), column: { header: "title name", wrap: true, least: 12, drop: 5.5, cell: titleName } },
    { after: "performer", shown: lines.some((line) => performerName(line) !== ""), column: { header: "performer name", wrap: true, least: 12, drop: 5.4, cell: performerName } },
  ];
  return columns.flatMap((column) => [column, ...named.filter((name) => name.shown && name.after === column.header).map((name) => name.column)]);
}

/**
 * A readable table of payment lines for a terminal, with totals, in pieces (see
 * renderTextTable): amounts grouped as totals are, names beside ids (from `names`, the cast's,
 * and the titles'), fitted to the layout's width.
 */
export function* renderTable(lines: readonly Line[], totals: Totals, explain: boolean, layout: TableLayout = {}, names = new CastNames(undefined)): Generator<string> {
  const columns = withNames(explain ? EXPLAINED_COLUMNS : TABLE_COLUMNS, lines, names);
  const rows = { count: lines.length, cells: (index: number) => columns.map((column) => column.cell(lines[index]!, index + 1)) };
  const summary =
    `Total payable: ${centsGrouped(totals.amount)}  ` +
    `(${countGrouped(totals.lines)} line${totals.lines === 1 ? "" : "s"}: ${statusCounts(totals)})`;
  yield* renderTextTable(columns, rows, [], layout, [summary]);
}
