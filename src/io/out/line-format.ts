import { formatDay } from "../../domain/days.js";
import { explainLine } from "../../engine/explain.js";
import { decRoundedTo, plainText, prorate, roundTo } from "../../money/prorate.js";
import { centsText, type Scaled } from "../../money/scaled.js";
import { isUncomputed, type Line, type Part } from "../../domain/lines.js";
import { formatPlain, type Dec } from "../../money/decimal.js";
import { csvText } from "./spreadsheet-safety.js";
import { Utf8Buffer } from "./utf8-buffer.js";
import { MEDIA } from "../../domain/vocabulary.js";
import type { CastNames } from "../../domain/cast-names.js";

export const LINE_COLUMNS = [
  "line", "usage_row", "title_id", "medium", "period_start", "period_end", "contract", "rule",
  "status", "basis", "base", "rate", "amount", "performer_id", "note",
] as const;

/**
 * With names (--names), the title's name from the titles file goes after `title_id` and the
 * performer's from the cast file after `performer_id`, as compare puts a name after its key.
 */
const NAME_AFTER: Partial<Record<(typeof LINE_COLUMNS)[number], string>> = { title_id: "title", performer_id: "name" };

/** The columns of the payment lines: LINE_COLUMNS, with the names after their ids and the explanation last where asked for. */
export function lineColumns(names: boolean, explain: boolean): string[] {
  const columns: string[] = [];
  for (const column of LINE_COLUMNS) {
    columns.push(column);
    const name = names ? NAME_AFTER[column] : undefined;
    if (name !== undefined) columns.push(name);
  }
  if (explain) columns.push("explanation");
  return columns;
}

/** The title's name and the performer's, each empty where the input files give none. */
function namesOf(line: Line, names: CastNames): { title: string; performer: string } {
  return { title: line.usage.title?.name ?? "", performer: names.nameOf(line.usage.titleId, line.performerId) ?? "" };
}

/** The fields of a line as text, in lineColumns order (with `names`, the names after their ids). */
export function lineFields(number: number, line: Line, explain: boolean, names?: CastNames): string[] {
  const usage = line.usage;
  const named = names === undefined ? undefined : namesOf(line, names);
  const fields = [
    String(number),
    String(usage.row),
    usage.titleId,
    ...(named === undefined ? [] : [named.title]),
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
    ...(named === undefined ? [] : [named.performer]),
    line.note,
  ];
  if (explain) fields.push(explainLine(line));
  return fields;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** A text cell after its comma, neutralized for spreadsheets and quoted (csvText). */
function textCell(out: Utf8Buffer, text: string): void {
  out.ascii(COMMA);
  out.csvText(text);
}

const encoder = new TextEncoder();

/** The bytes of cells, each after its comma: as they are (numbers, dates, words of the vocabulary) or, with `csv`, as textCell writes them. */
function cellBytes(texts: readonly string[], csv: boolean): Uint8Array {
  return encoder.encode(texts.map((text) => `,${csv ? csvText(text) : text}`).join(""));
}

/**
 * What a run of lines has in common, as bytes: lines of one rule, status, basis and rate (most
 * of a ledger's lines are of a dozen kinds) differ only in their row's cells, base, amount,
 * performer (and name) and note, so the cells between those are made once and copied, several times
 * faster than writing each of them. Neither the performer nor the note is part of a kind: a
 * title's cast, or notes naming a title's figures, would make a kind per line, made and
 * dropped again (long-lived garbage). The note most lines of a kind carry is kept with it.
 */
interface LineKind {
  readonly rule: string;
  readonly status: string;
  readonly basis: string;
  readonly rate: Dec | undefined;
  /** `,rule,status,basis,` */
  readonly head: Uint8Array;
  /** `,rate,` */
  readonly middle: Uint8Array;
  /** The note of the kind's first line, and its cell (`,note`). */
  readonly note: string;
  readonly noteCell: Uint8Array;
}

/** Kinds by rule, a few per rule. Bounded, so that a run of many contracts cannot pile them up. */
const kindsByRule = new Map<string, LineKind[]>();
const RULES_KEPT = 4096;
const KINDS_PER_RULE = 16;

/**
 * The kinds most used of late, checked before the map: most lines are of a dozen kinds, found
 * here without the map hashing the rule. A kind found moves a place up, so the most used stay
 * near the front; one found in the map takes the last place.
 */
const recentKinds: LineKind[] = [];
const RECENT_KINDS = 16;

function isKindOf(kind: LineKind, line: Line): boolean {
  // The rate by identity: rates are shared objects, and a Dec equal but not the same only costs a kind.
  return kind.rule === line.rule && kind.status === line.status && kind.basis === line.basis && kind.rate === line.rate;
}

function kindOf(line: Line): LineKind {
  const recent = recentKinds;
  for (let index = 0; index < recent.length; index++) {
    const kind = recent[index]!;
    if (!isKindOf(kind, line)) continue;
    if (index > 0) {
      recent[index] = recent[index - 1]!;
      recent[index - 1] = kind;
    }
    return kind;
  }
  const kind = keptKindOf(line);
  if (recent.length < RECENT_KINDS) recent.push(kind);
  else recent[RECENT_KINDS - 1] = kind;
  return kind;
}

/** A line's kind as the rule map keeps it, made where it is new. */
function keptKindOf(line: Line): LineKind {
  let kinds = kindsByRule.get(line.rule);
  if (kinds === undefined) {
    if (kindsByRule.size >= RULES_KEPT) kindsByRule.clear();
    kinds = [];
    kindsByRule.set(line.rule, kinds);
  }
  for (const kind of kinds) if (isKindOf(kind, line)) return kind;
  if (kinds.length >= KINDS_PER_RULE) kinds.length = 0;
  const kind: LineKind = {
    rule: line.rule,
    status: line.status,
    basis: line.basis,
    rate: line.rate,
    head: encoder.encode(`,${csvText(line.rule)},${line.status},${line.basis},`),
    middle: encoder.encode(`,${rateCell(line)},`),
    note: line.note,
    noteCell: cellBytes([line.note], true),
  };
  kinds.push(kind);
  return kind;
}

const MEDIUM_CELLS = MEDIA.map((medium) => cellBytes([medium], false));

/** The contract cell last written (one contract's lines come one after another). */
let contractCell = { contract: "", bytes: cellBytes([""], true) };

/** The columns of a row's lines that are the same for every line of the row (up to `contract`; with names, the title's). */
function writeCsvRowCells(out: Utf8Buffer, line: Line, names: boolean): void {
  const usage = line.usage;
  out.digits(usage.row);
  textCell(out, usage.titleId);
  if (names) textCell(out, usage.title?.name ?? "");
  out.write(MEDIUM_CELLS[MEDIA.indexOf(usage.medium)]!);
  // formatDay's texts are made once per day.
  out.ascii(COMMA);
  out.text(formatDay(usage.start));
  out.ascii(COMMA);
  out.text(formatDay(usage.end));
  if (line.contract !== contractCell.contract) contractCell = { contract: line.contract, bytes: cellBytes([line.contract], true) };
  out.write(contractCell.bytes);
}

/** The rest of a line's CSV text, after its row's cells: from the comma before `rule` to the newline. */
function writeCsvLineCells(out: Utf8Buffer, line: Line, explain: boolean, names: CastNames | undefined): void {
  const kind = kindOf(line);
  out.write(kind.head);
  if (!writeGrossBase(out, line)) out.text(baseCell(line));
  out.write(kind.middle);
  writeAmount(out, line);
  textCell(out, line.performerId ?? "");
  if (names !== undefined) textCell(out, names.nameOf(line.usage.titleId, line.performerId) ?? "");
  if (line.note === kind.note) out.write(kind.noteCell);
  else textCell(out, line.note);
  if (explain) textCell(out, explainLine(line));
  out.ascii(NEWLINE);
}

/** A line's JSON object text after `{"line":N,` (amounts as strings, absent values null). */
function jsonBody(line: Line, explain: boolean, names: CastNames | undefined): string {
  const fields = lineFields(0, line, explain, names);
  const object = jsonObject(fields, lineColumns(names !== undefined, explain));
  return object.slice(object.indexOf(",") + 1);
}

/**
 * The bodies of one row's lines, in order: each line's text after its number and the comma
 * that follows it (the number is given where lines are put in their final order), newline
 * included (CSV) or not (JSON). With `names`, the lines have the names' columns (see lineColumns).
 */
export function rowBodies(lines: readonly Line[], format: "csv" | "json", explain: boolean, names?: CastNames): string[] {
  if (lines.length === 0) return [];
  if (format === "json") return lines.map((line) => jsonBody(line, explain, names));
  const out = new Utf8Buffer(1 << 10);
  const lengths: number[] = [];
  writeRowBodies(lines, format, explain, out, lengths, names);
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
export function writeRowBodies(lines: readonly Line[], format: "csv" | "json", explain: boolean, out: Utf8Buffer, lengths: number[], names?: CastNames): void {
  if (format === "json") {
    for (const body of rowBodies(lines, format, explain, names)) {
      const start = out.length;
      out.text(body);
      lengths.push(out.length - start);
    }
    return;
  }
  const rowStart = out.length;
  let rowEnd = rowStart;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const start = out.length;
    if (index === 0) {
      writeCsvRowCells(out, line, names !== undefined);
      rowEnd = out.length;
    } else {
      out.repeat(rowStart, rowEnd);
    }
    writeCsvLineCells(out, line, explain, names);
    lengths.push(out.length - start);
  }
}

/** The base column: the applicable minimum, or the gross attributed to the line. */
function baseCell(line: Line): string {
  const scratch = cellScratch;
  scratch.clear();
  if (writeGrossBase(scratch, line)) return decoder.decode(scratch.view());
  const base = lineBase(line);
  return base === undefined ? "" : plainText(base);
}

/** The base column's value: the gross attributed to the line, or the applicable minimum, to 6 decimals at most. */
export function lineBase(line: Line): Scaled | undefined {
  if (line.gross !== undefined) return line.part === undefined ? roundTo(line.gross, 6) : prorate(line.gross, line.part.count, line.part.of, 6);
  return line.applicableMinimum === undefined ? undefined : decRoundedTo(line.applicableMinimum, 6);
}

const cellScratch = new Utf8Buffer(64);

/**
 * Writes the base column of a line on a gross, the common case, as baseCell gives it, without
 * making a string: false, writing nothing, for any other line, or a base that is not a safe
 * integer of millionths (baseCell then writes it).
 */
function writeGrossBase(out: Utf8Buffer, line: Line): boolean {
  const gross = line.gross;
  if (gross === undefined) return false;
  if (line.part !== undefined) return writeProratedGross(out, gross, line.part);
  return writeTrimmed(out, Number(gross.unscaled), gross.scale);
}

/** writeGrossBase for a prorated line: gross × count ÷ of, rounded once, half-up, to 6 decimals (money/prorate). */
function writeProratedGross(out: Utf8Buffer, gross: Scaled, part: Part): boolean {
  return writeTrimmed(out, Number(prorate(gross, part.count, part.of, 6).unscaled), 6);
}

/** Writes value × 10^-scale without the point's trailing zeros; false, writing nothing, where value is not a safe integer or more than 6 decimals remain. */
function writeTrimmed(out: Utf8Buffer, value: number, scale: number): boolean {
  if (!Number.isSafeInteger(value)) return false;
  while (scale > 0 && value % 10 === 0) {
    value /= 10;
    scale--;
  }
  if (scale > 6) return false;
  out.decimal(value, scale);
  return true;
}

function rateCell(line: Line): string {
  return line.rate === undefined ? "" : rateText(line.rate);
}

/** The amount column: empty for a line without one (incomplete, not modelled). */
function amountCell(line: Line): string {
  return line.amount === undefined || isUncomputed(line.status) ? "" : centsText(line.amount);
}

/** Writes the amount column as amountCell gives it. */
function writeAmount(out: Utf8Buffer, line: Line): void {
  if (line.amount !== undefined && !isUncomputed(line.status)) out.cents(line.amount);
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

export function csvHeader(explain: boolean, names = false): string {
  return lineColumns(names, explain).join(",") + "\n";
}

/** Columns whose empty text is itself the value (elsewhere empty is null). */
const TEXT_EVEN_EMPTY = new Set(["note", "rule", "explanation"]);

function jsonObject(fields: readonly string[], columns: readonly string[]): string {
  const object: Record<string, string | number | null> = {};
  columns.forEach((column, i) => {
    const value = fields[i]!;
    if (column === "line" || column === "usage_row") object[column] = Number(value);
    else object[column] = value === "" && !TEXT_EVEN_EMPTY.has(column) ? null : value;
  });
  return JSON.stringify(object);
}
