import { describeExclusion, type Comparison, type ComparisonCell, type ComparisonGroups, type ComparisonRow, type ComparisonStream, type CsvRows, type Exclusion, type Grouping } from "../../domain/comparison.js";
import { percentDifference } from "../../money/percent.js";
import { centsGrouped, centsText } from "../../money/scaled.js";
import { renderTextTable, type TableColumn, type TableLayout } from "./text-table.js";
import { Utf8Buffer } from "./utf8-buffer.js";

export type ComparisonFormat = "csv" | "json" | "table";

/**
 * The comparison's text in pieces, to be written in turn: CSV a row at a time, as the rows are
 * made (rows the workers wrote come as UTF-8 bytes, in blocks); JSON and the table, which need
 * every row first, in one piece.
 */
export function* renderComparisonStream(comparison: ComparisonStream, format: ComparisonFormat, names = false, layout: TableLayout = {}): Generator<string | Uint8Array> {
  // Only a title or a performer has a name (from the titles or cast file).
  const named = names && NAME_COLUMN[comparison.by] !== undefined;
  if (format === "csv") {
    yield* comparisonCsv(comparison, named);
    return;
  }
  const whole = { ...comparison, rows: [...comparison.rows].map(madeRow) };
  if (format === "json") yield JSON.stringify(comparisonJson(whole, named), null, 2) + "\n";
  else yield* comparisonTable(whole, named, layout);
}

/** Rows written by workers are CSV: only a CSV comparison asks them for it. */
function madeRow(row: ComparisonRow | Uint8Array): ComparisonRow {
  if (row instanceof Uint8Array) throw new Error("rows written as CSV cannot be given as JSON or a table");
  return row;
}

/**
 * A worker's own groups' rows, in the order resultStream lists them, as CsvRows. A group whose
 * figures are plain numbers (most: see ComparisonSink.plainFigures) is written from them, any
 * other from its row, made.
 */
export function comparisonCsvRows(sink: ComparisonGroups, contracts: readonly string[], names: boolean): CsvRows {
  const out = new Utf8Buffer();
  const groups = sink.orderedGroups();
  const first = new Int32Array(groups.length);
  const lengths = new Int32Array(groups.length);
  const cents = new Float64Array(contracts.length);
  const incomplete = new Float64Array(contracts.length);
  const notModelled = new Float64Array(contracts.length);
  groups.forEach((group, index) => {
    const start = out.length;
    const name = names ? (sink.nameOf(group) ?? "") : undefined;
    if (
      !sink.plainFigures(group, cents, incomplete, notModelled) ||
      !writePlainCsvRow(out, sink.keyOf(group), name, contracts, cents, incomplete, notModelled, () => sink.decidingRulesOf(group))
    ) {
      out.length = start;
      writeCsvRow(out, sink.groupRow(group), names);
    }
    first[index] = sink.firstOf(group);
    lengths[index] = out.length - start;
  });
  return { first, bytes: out.view().slice(), lengths };
}

/** Bytes of rows written by workers gathered before they are handed on. */
const BLOCK_BYTES = 1 << 16;

export const KEY_COLUMN = { title: "title_id", medium: "medium", year: "year", performer: "performer_id" } as const;
/** With --names, after the key: the title's or performer's name, as the titles or cast file has it. */
export const NAME_COLUMN: Partial<Record<Grouping, string>> = { title: "title", performer: "name" };
const TOTAL_KEY = "total";

/**
 * One row per group and a last `total` row. Columns: the key (with `names`, the title's name
 * after it), the baseline's amount, then per other contract its amount, `<id>_diff` and
 * `<id>_diff_pct` (empty where the baseline is 0), then `incomplete_lines` (lines whose data is
 * missing, per contract), `not_modelled_lines` (lines whose terms are not public, per contract)
 * and `deciding_rules`.
 */
function* comparisonCsv(comparison: ComparisonStream, names: boolean): Generator<string | Uint8Array> {
  const header: string[] = [KEY_COLUMN[comparison.by], ...(names ? [NAME_COLUMN[comparison.by]!] : [])];
  comparison.contracts.forEach((id, index) => header.push(...(index === 0 ? [id] : [id, `${id}_diff`, `${id}_diff_pct`])));
  header.push("incomplete_lines", "not_modelled_lines", "deciding_rules");
  yield header.join(",") + "\n";
  let block: Utf8Buffer | undefined;
  for (const row of comparison.rows) {
    if (row instanceof Uint8Array) {
      (block ??= new Utf8Buffer(BLOCK_BYTES + (BLOCK_BYTES >> 2))).copy(row, 0, row.length);
      if (block.length < BLOCK_BYTES) continue;
    }
    if (block !== undefined) {
      yield block.view();
      block = undefined;
    }
    if (!(row instanceof Uint8Array)) yield csvRow(row, names);
  }
  if (block !== undefined) yield block.view();
  yield csvRow(comparison.total, names);
}

function csvRow(row: ComparisonRow, names: boolean): string {
  const out = rowScratch;
  out.clear();
  writeCsvRow(out, row, names);
  return decoder.decode(out.view());
}

const rowScratch = new Utf8Buffer(1 << 10);
const decoder = new TextDecoder();
const COMMA = 0x2c;

/**
 * A group's CSV row, written as UTF-8 (a worker writes 100,000s): amounts straight from their
 * integers, as centsText gives them.
 */
function writeCsvRow(out: Utf8Buffer, row: ComparisonRow, names: boolean): void {
  out.csvText(row.key ?? TOTAL_KEY);
  if (names) {
    out.ascii(COMMA);
    out.csvText(row.name ?? "");
  }
  for (const cell of row.cells) {
    writeCents(out, cell.totals.amount);
    if (cell.difference !== undefined) {
      writeCents(out, cell.difference);
      if (cell.percent === undefined) out.ascii(COMMA);
      else writeCents(out, cell.percent);
    }
  }
  out.ascii(COMMA);
  out.csvText(incompleteText(row));
  out.ascii(COMMA);
  out.csvText(notModelledText(row));
  out.ascii(COMMA);
  out.csvText(decidingText(row));
  out.ascii(0x0a);
}

/**
 * writeCsvRow for a group given as plain numbers: the same bytes, its differences and
 * percentages worked out in integers held exactly by doubles. False, part written, where one
 * would leave that range (the row is then written from the row made).
 */
function writePlainCsvRow(
  out: Utf8Buffer,
  key: string,
  name: string | undefined,
  contracts: readonly string[],
  cents: Float64Array,
  incomplete: Float64Array,
  notModelled: Float64Array,
  decidingRules: () => readonly Exclusion[],
): boolean {
  out.csvText(key);
  if (name !== undefined) {
    out.ascii(COMMA);
    out.csvText(name);
  }
  const baseline = cents[0]!;
  out.ascii(COMMA);
  out.decimal(baseline, 2);
  let differs = false;
  for (let index = 1; index < contracts.length; index++) {
    const own = cents[index]!;
    // Both are safe integers; their difference may not be (the row is then made instead).
    const difference = own - baseline;
    if (!Number.isSafeInteger(difference)) return false;
    if (difference !== 0) differs = true;
    out.ascii(COMMA);
    out.decimal(own, 2);
    out.ascii(COMMA);
    out.decimal(difference, 2);
    out.ascii(COMMA);
    // As compareCells: hundredths of a percent (most differences are none: 0.00 exactly).
    if (baseline !== 0) out.cents(difference === 0 ? 0n : percentDifference(BigInt(difference), BigInt(baseline), 2)!);
  }
  out.ascii(COMMA);
  out.csvText(incompleteListing(contracts, (index) => incomplete[index]!));
  out.ascii(COMMA);
  out.csvText(incompleteListing(contracts, (index) => notModelled[index]!));
  out.ascii(COMMA);
  if (differs) out.csvText(decidingText({ decidingRules: decidingRules() }));
  out.ascii(0x0a);
  return true;
}

/** A comma, then centsText(cents). */
function writeCents(out: Utf8Buffer, cents: bigint): void {
  out.ascii(COMMA);
  out.cents(cents);
}

function comparisonJson(comparison: Comparison, names: boolean) {
  const row = (r: ComparisonRow) => ({
    ...(r.key !== undefined ? { [KEY_COLUMN[comparison.by]]: r.key } : {}),
    ...(names && r.key !== undefined ? { [NAME_COLUMN[comparison.by]!]: r.name ?? "" } : {}),
    contracts: r.cells.map(cellJson),
    ...(r.key !== undefined ? { deciding_rules: r.decidingRules.map((e) => ({ contract: e.contract, kind: e.kind, rule: e.rule })) } : {}),
  });
  return {
    by: comparison.by,
    baseline: comparison.contracts[0],
    contracts: comparison.contracts,
    groups: comparison.rows.map(row),
    total: row(comparison.total),
  };
}

function cellJson(cell: ComparisonCell) {
  const totals = cell.totals;
  return {
    contract: cell.contract,
    amount: centsText(totals.amount),
    ...(cell.difference !== undefined ? { diff: centsText(cell.difference), diff_pct: cell.percent === undefined ? null : centsText(cell.percent) } : {}),
    lines: totals.lines,
    payable: totals.payable,
    zero: totals.zero,
    incomplete: totals.incomplete,
    not_modelled: totals.notModelled,
    adjustment: totals.adjustment,
  };
}

/**
 * Aligned columns for a terminal (see renderTextTable): amounts with thousands separators,
 * signed differences. To fit a narrow terminal the differences in money go first (each
 * contract's amount and its difference in percent stay), then the deciding rules, the
 * incomplete lines and the titles' names, each wrapped before it is left out.
 */
function* comparisonTable(comparison: Comparison, titleNames: boolean, layout: TableLayout): Generator<string> {
  // The name column only where some title has a name.
  const names = titleNames && comparison.rows.some((row) => row.name !== undefined);
  const columns: TableColumn[] = [{ header: comparison.by }, ...(names ? [{ header: "name", wrap: true, least: 12, drop: 3.5 }] : [])];
  comparison.contracts.forEach((id, index) => {
    columns.push({ header: id, right: true });
    if (index > 0) columns.push({ header: "diff", right: true, drop: 1 }, { header: "diff %", right: true, drop: 4 });
  });
  // The not-modelled column only where a contract has such lines (most comparisons have none).
  const notModelled = comparison.total.cells.some((cell) => cell.totals.notModelled > 0);
  columns.push(
    { header: "incomplete lines", wrap: true, drop: 3 },
    ...(notModelled ? [{ header: "not modelled", wrap: true, drop: 3 }] : []),
    { header: "deciding rules", wrap: true, drop: 2 },
  );
  const cellsOf = (row: ComparisonRow) => {
    const cells = [row.key ?? TOTAL_KEY, ...(names ? [row.name ?? ""] : [])];
    for (const cell of row.cells) {
      cells.push(centsGrouped(cell.totals.amount));
      if (cell.difference !== undefined) {
        // Tenths of a percent, rounded once from the exact ratio (not from the hundredths).
        const tenths = percentDifference(cell.difference, cell.totals.amount - cell.difference, 1);
        cells.push(signed(cell.difference > 0n, centsGrouped(cell.difference)), tenths === undefined ? "" : `${signed(tenths > 0n, tenthsText(tenths))}%`);
      }
    }
    cells.push(incompleteText(row), ...(notModelled ? [notModelledText(row)] : []), decidingText(row));
    return cells;
  };
  const rows = comparison.rows;
  const baseline = `baseline: ${comparison.contracts[0]}; diff and diff % are against it`;
  yield* renderTextTable(columns, { count: rows.length, cells: (index) => cellsOf(rows[index]!) }, [cellsOf(comparison.total)], layout, ["", baseline]);
}

/** A positive value's text with its "+" (negatives carry their "-" already). */
function signed(positive: boolean, text: string): string {
  return positive ? `+${text}` : text;
}

export function incompleteText(row: ComparisonRow): string {
  return incompleteListing(
    row.cells.map((cell) => cell.contract),
    (index) => row.cells[index]!.totals.incomplete,
  );
}

export function notModelledText(row: ComparisonRow): string {
  return incompleteListing(
    row.cells.map((cell) => cell.contract),
    (index) => row.cells[index]!.totals.notModelled,
  );
}

/** "contract: lines" for each contract with lines without an amount, "; " between. */
function incompleteListing(contracts: readonly string[], incomplete: (index: number) => number): string {
  let text = "";
  for (let index = 0; index < contracts.length; index++) {
    const lines = incomplete(index);
    // Most groups have no incomplete line: nothing is built for them.
    if (lines > 0) text += `${text === "" ? "" : "; "}${contracts[index]}: ${lines}`;
  }
  return text;
}

export function decidingText(row: Pick<ComparisonRow, "decidingRules">): string {
  if (row.decidingRules.length === 0) return "";
  // Most groups have one: its text is made once per exclusion (they are shared objects).
  if (row.decidingRules.length === 1) {
    const exclusion = row.decidingRules[0]!;
    let text = oneDecidingText.get(exclusion);
    if (text === undefined) {
      text = `${exclusion.contract}: ${describeExclusion(exclusion)}`;
      oneDecidingText.set(exclusion, text);
    }
    return text;
  }
  const byContract = new Map<string, string[]>();
  for (const exclusion of row.decidingRules) {
    const list = byContract.get(exclusion.contract) ?? [];
    list.push(describeExclusion(exclusion));
    byContract.set(exclusion.contract, list);
  }
  return [...byContract].map(([contract, rules]) => `${contract}: ${rules.join(", ")}`).join("; ");
}

const oneDecidingText = new WeakMap<Exclusion, string>();

/** Tenths as "12.3" ("-0.5" when negative). */
function tenthsText(tenths: bigint): string {
  const digits = (tenths < 0n ? -tenths : tenths).toString().padStart(2, "0");
  return `${tenths < 0n ? "-" : ""}${digits.slice(0, -1)}.${digits.slice(-1)}`;
}
