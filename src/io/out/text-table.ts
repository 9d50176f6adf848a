/**
 * The one renderer of tables for a terminal (payment lines, comparisons): aligned columns,
 * fitted to a width, with every cell made safe to print. Rows are asked for by number, twice
 * (once to measure, once to write) and written in pieces, so a table of any length is never
 * held as one string, and no list of every row's cells is ever made.
 */

export interface TableColumn {
  readonly header: string;
  /** Right-aligned (numbers, amounts). */
  readonly right?: boolean;
  /** Free text (a note, an explanation) that may be wrapped onto more lines to fit the width. */
  readonly wrap?: boolean;
  /** When the table is too wide, the columns with a drop rank are left out, lowest rank first. */
  readonly drop?: number;
  /** A wrapped column is not made narrower than this (default WRAP_AT_LEAST): below it, columns are left out. */
  readonly least?: number;
}

export interface TableRows {
  readonly count: number;
  /** The cells of row `index` (0-based), one per column; asked for again when the row is written. */
  cells(index: number): readonly string[];
}

export interface TableLayout {
  /** The width to fit, in columns (a terminal's); none: every column at its full width. */
  readonly width?: number;
}

/** Rows a piece of the table holds: the pieces are written one after the other. */
const ROWS_PER_PIECE = 2048;
/** Two spaces between columns. */
const GAP = 2;
/** A wrapped column is never made narrower than this (unless its text is): below it, columns are left out. */
const WRAP_AT_LEAST = 24;

/**
 * The table as pieces of text: headers, a rule, the rows, a rule, then `footer` rows (totals)
 * aligned with the others, then `closing` lines; last, when columns were left out or wrapped
 * to fit, a line that says so.
 */
export function* renderTextTable(
  columns: readonly TableColumn[],
  rows: TableRows,
  footer: readonly (readonly string[])[],
  layout: TableLayout = {},
  closing: readonly string[] = [],
): Generator<string> {
  const natural = columns.map((column) => printable(column.header).length);
  const measure = (cells: readonly string[]) => {
    for (let i = 0; i < columns.length; i++) {
      const length = printable(cells[i] ?? "").length;
      if (length > natural[i]!) natural[i] = length;
    }
  };
  for (let index = 0; index < rows.count; index++) measure(rows.cells(index));
  footer.forEach(measure);

  const fit = fitColumns(columns, natural, layout.width);
  const render = (cells: readonly string[]) => renderRow(columns, fit, cells);
  const rule = fit.shown.map((i) => "-".repeat(fit.widths[i]!)).join(" ".repeat(GAP));
  yield render(columns.map((column) => column.header)) + rule + "\n";
  for (let from = 0; from < rows.count; from += ROWS_PER_PIECE) {
    let piece = "";
    const to = Math.min(rows.count, from + ROWS_PER_PIECE);
    for (let index = from; index < to; index++) piece += render(rows.cells(index));
    yield piece;
  }
  let end = rule + "\n";
  for (const cells of footer) end += render(cells);
  for (const line of closing) end += `${layout.width === undefined ? line : wrapText(line, layout.width).join("\n")}\n`;
  const note = fitNote(columns, fit, layout.width);
  yield note ? `${end}${note}\n` : end;
}

/**
 * A cell as it can be printed: runs of white space (a note's line breaks) become one space,
 * and other control characters are written as escapes, as on stderr, so that no text from an
 * input file can move the cursor, set the terminal's title or clear the screen.
 */
export function printable(text: string): string {
  // Most cells have no control character: they are returned as they are.
  if (!NEEDS_CLEANING.test(text) && !text.includes("  ")) return text;
  return text.replace(/\s+/g, " ").replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// C0 controls, DEL, C1 controls, and the marks that reorder text (bidirectional overrides).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** A control character, or white space other than a space (two spaces are looked for apart: one class is faster). */
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200a\u2028-\u202f\u205f\u2066-\u2069\u3000\ufeff]/;

interface Fit {
  /** The columns shown, by index, in order. */
  readonly shown: number[];
  readonly widths: number[];
  /** Wrapped columns, by index. */
  readonly wrapped: number[];
}

/**
 * Which columns are shown, and how wide, to fit `width`: wrapped columns are narrowed first
 * (to no less than WRAP_AT_LEAST), then columns are left out by drop rank until the rest fit.
 * A table that cannot fit even so is shown with what is left, wider than asked.
 */
function fitColumns(columns: readonly TableColumn[], natural: readonly number[], width: number | undefined): Fit {
  const widths = [...natural];
  const shown = columns.map((_, i) => i);
  const total = () => shown.reduce((sum, i) => sum + widths[i]!, 0) + GAP * (shown.length - 1);
  if (width === undefined || total() <= width) return { shown, widths, wrapped: [] };

  const droppable = shown.filter((i) => columns[i]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
  for (;;) {
    const wraps = shown.filter((i) => columns[i]!.wrap);
    const fixed = shown.filter((i) => !columns[i]!.wrap).reduce((sum, i) => sum + natural[i]!, 0) + GAP * (shown.length - 1);
    const floor = wraps.reduce((sum, i) => sum + Math.min(natural[i]!, columns[i]!.least ?? WRAP_AT_LEAST), 0);
    if (fixed + floor <= width || droppable.length === 0) {
      shareAmong(wraps, natural, widths, Math.max(width - fixed, floor));
      const wrapped = wraps.filter((i) => widths[i]! < natural[i]!);
      return { shown, widths, wrapped };
    }
    const dropped = droppable.shift()!;
    shown.splice(shown.indexOf(dropped), 1);
  }
}

/** Gives `room` to the wrapped columns: each its natural width if it fits, the narrowest first, the rest shared evenly. */
function shareAmong(wraps: readonly number[], natural: readonly number[], widths: number[], room: number): void {
  const waiting = [...wraps].sort((a, b) => natural[a]! - natural[b]!);
  let left = room;
  while (waiting.length > 0) {
    const even = Math.floor(left / waiting.length);
    const next = waiting.shift()!;
    widths[next] = Math.max(1, Math.min(natural[next]!, even));
    left -= widths[next]!;
  }
}

/** One row, as one line or, with wrapped cells, several; blank cells on the lines after the first. */
function renderRow(columns: readonly TableColumn[], fit: Fit, cells: readonly string[]): string {
  const texts = fit.shown.map((i) => printable(cells[i] ?? ""));
  const last = fit.shown.length - 1;
  let wrappedLines: string[][] | undefined;
  fit.shown.forEach((column, k) => {
    if (texts[k]!.length > fit.widths[column]!) {
      wrappedLines ??= fit.shown.map(() => []);
      wrappedLines[k] = wrapText(texts[k]!, fit.widths[column]!);
    }
  });
  const line = (pieces: readonly string[]) =>
    pieces
      .map((text, k) => {
        const column = fit.shown[k]!;
        if (columns[column]!.right) return text.padStart(fit.widths[column]!);
        return k === last ? text : text.padEnd(fit.widths[column]!);
      })
      .join(" ".repeat(GAP))
      .trimEnd() + "\n";
  if (wrappedLines === undefined) return line(texts);
  const height = Math.max(...wrappedLines.map((lines) => lines.length));
  let out = "";
  for (let row = 0; row < height; row++) {
    out += line(texts.map((text, k) => (wrappedLines![k]!.length > 0 ? (wrappedLines![k]![row] ?? "") : row === 0 ? text : "")));
  }
  return out;
}

/** Text broken at spaces into lines of at most `width` (a longer word is cut). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(" ")) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = "";
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** What fitting the width changed, said under the table; nothing when nothing changed. */
function fitNote(columns: readonly TableColumn[], fit: Fit, width: number | undefined): string {
  const left = [...new Set(columns.filter((_, i) => !fit.shown.includes(i)).map((column) => column.header))];
  const wrapped = fit.wrapped.map((i) => columns[i]!.header);
  if (left.length === 0 && wrapped.length === 0) return "";
  const changes = [
    ...(left.length > 0 ? [`left out ${left.join(", ")}`] : []),
    ...(wrapped.length > 0 ? [`wrapped ${wrapped.join(", ")}`] : []),
  ];
  const note = `(fitted to the terminal's ${width} columns: ${changes.join("; ")}; --format csv has every column whole)`;
  return width === undefined ? note : wrapText(note, width).join("\n");
}
