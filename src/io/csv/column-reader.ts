import { asciiString, isCleanAscii } from "./cell-bytes.js";
import { readCsv, splitFields, type CsvRecord } from "./records.js";
import { InputFileError } from "./input-file-error.js";
import { Problem } from "./cell-values.js";

/** A rejected input record: where it is and why, so the user can fix it. */
export interface Rejection {
  readonly file: string;
  readonly record: number;
  readonly line: number;
  /** The column at fault; empty when the record as a whole is at fault. */
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

/** Why a record whose required cell is empty is rejected. */
export const REQUIRED_MISSING = "required value is missing";

export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  /** Parses a non-empty cell; empty optional cells are `undefined` and never reach it. */
  readonly parse?: (text: string) => unknown;
  /**
   * parse for a clean cell's bytes (see TableReader.cellsFromBytes): the value parse gives its
   * text, or undefined where the bytes alone cannot tell (the record is then read as text).
   */
  readonly parseBytes?: (bytes: Buffer, from: number, end: number) => unknown;
  /**
   * A text column the run has no use for: its cells are checked as any text cell is (the same
   * records are rejected), but none is kept (each is undefined), so no string is made for it.
   */
  readonly unused?: boolean;
}

/** `columns` with the one named `name` unused: checked, not kept (see ColumnSpec.unused). */
export function withUnused<C extends ColumnSpec>(columns: readonly C[], name: string): C[] {
  return columns.map((column) => (column.name === name ? { ...column, unused: true } : column));
}

// Where most readers already look for it.
export { InputFileError };

/** A message quotes the value at fault, but not a whole file swallowed by a stray quote. */
const VALUE_SHOWN = 200;
const NOT_UTF8 = "\uFFFD";


/**
 * Reads records of one file kind: finds its columns in the header (order free, extras ignored,
 * a missing required column is a file error), then turns each record into cells or a rejection.
 */
export class TableReader {
  private indexes: number[] = [];
  private header: readonly string[] = [];
  private width = 0;
  /** Where cellsFromBytes finds each field of a record: field i from bounds[2i] to bounds[2i + 1]. */
  private bounds = new Int32Array(0);

  constructor(
    readonly file: string,
    private readonly columns: readonly ColumnSpec[],
  ) {}

  useHeader(header: readonly string[]): void {
    if (header.some((name) => name.includes("\u0000") || name.includes(NOT_UTF8))) {
      throw new InputFileError(this.file, "is not UTF-8 text (save it as \"CSV UTF-8\")");
    }
    if (header.every((name) => name === "")) throw new InputFileError(this.file, "the header row is empty (the first line must name the columns)");
    if (header.some((name) => name.includes("\n") || name.includes("\r"))) {
      throw new InputFileError(this.file, 'the header row runs over several lines: a quote in it is never closed (a stray " ?)');
    }
    const missing = this.columns.filter((column) => column.required && !header.includes(column.name)).map((c) => c.name);
    if (missing.length > 0) {
      const plural = missing.length > 1 ? "s" : "";
      throw new InputFileError(this.file, `missing required column${plural} ${missing.join(", ")} (header has: ${shorten(header.join(", "))})${separatorHint(header)}`);
    }
    for (const column of this.columns) {
      const first = header.indexOf(column.name);
      const second = header.indexOf(column.name, first + 1);
      if (first >= 0 && second >= 0) {
        throw new InputFileError(this.file, `column ${column.name} appears twice in the header (columns ${first + 1} and ${second + 1})`);
      }
    }
    this.indexes = this.columns.map((column) => header.indexOf(column.name));
    this.header = header;
    this.width = header.length;
    this.bounds = new Int32Array(2 * header.length);
  }

  headerIndex(name: string): number {
    return this.header.indexOf(name);
  }

  /** Cells in column-spec order: parsed values, `undefined` for empty optional cells. */
  cells(record: CsvRecord): unknown[] | Rejection {
    const values = record.values;
    if (record.malformed) return this.reject(record, "", values.join(","), `unparseable quoting: ${record.malformed}`);
    if (record.nul) {
      const at = values.findIndex((value) => value.includes("\u0000"));
      return this.reject(record, this.header[at] ?? "", values[at]!.replaceAll("\u0000", "\\0"), "holds a NUL character (\\0), which no value may hold");
    }
    if (values.length !== this.width) return this.reject(record, "", values.join(","), this.fieldCountProblem(values));
    const cells: unknown[] = []; // packed, not holey: V8 keeps reads of it fast
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const index = this.indexes[i]!;
      const text = index < 0 ? "" : values[index]!.trim();
      if (text === "") {
        if (!column.required) {
          cells[i] = undefined;
          continue;
        }
        const blank = values.every((value) => value.trim() === "");
        return this.reject(record, blank ? "" : column.name, "", blank ? "empty record (every field is blank)" : REQUIRED_MISSING);
      }
      if (column.parse === undefined) {
        if (text.includes(NOT_UTF8)) return this.reject(record, column.name, text, "not UTF-8 text (save the file as \"CSV UTF-8\")");
        cells[i] = column.unused ? undefined : text;
        continue;
      }
      const parsed = column.parse(text);
      if (parsed instanceof Problem) return this.reject(record, column.name, text, parsed.reason);
      cells[i] = parsed;
    }
    return cells;
  }

  /**
   * cells for a record from its UTF-8 bytes, `from` to `end` (line end excluded), its fields
   * found by splitFields, without making a string of the record: the
   * cells its text gives, where each cell read is ASCII with nothing to trim and parses; undefined
   * for any other record (its text then goes through cells, which gives a rejection its reason).
   */
  cellsFromBytes(bytes: Buffer, from: number, end: number): unknown[] | undefined {
    const bounds = this.bounds;
    if (!splitFields(bytes, from, end, this.width, bounds)) return undefined;
    const cells: unknown[] = [];
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const index = this.indexes[i]!;
      const start = index < 0 ? 0 : bounds[2 * index]!;
      const stop = index < 0 ? 0 : bounds[2 * index + 1]!;
      if (start === stop) {
        if (column.required) return undefined;
        cells[i] = undefined;
        continue;
      }
      if (!isCleanAscii(bytes, start, stop)) return undefined;
      if (column.unused) {
        cells[i] = undefined;
        continue;
      }
      let value: unknown;
      if (column.parseBytes !== undefined) value = column.parseBytes(bytes, start, stop);
      else {
        const text = asciiString(bytes, start, stop);
        value = column.parse === undefined ? text : column.parse(text);
        if (value instanceof Problem) return undefined;
      }
      if (value === undefined) return undefined;
      cells[i] = value;
    }
    return cells;
  }

  reject(record: RecordPlace, column: string, value: string, reason: string): Rejection {
    return { file: this.file, record: record.record, line: record.line, column, value: shorten(value), reason };
  }

  private fieldCountProblem(values: readonly string[]): string {
    if (values.length === 1 && values[0]!.trim() === "") return `a line of blanks only (expected ${this.width} fields)`;
    return `wrong number of fields: expected ${this.width}, got ${values.length}`;
  }
}

function shorten(text: string): string {
  return text.length > VALUE_SHOWN ? `${text.slice(0, VALUE_SHOWN)}…` : text;
}

function separatorHint(header: readonly string[]): string {
  if (header.length !== 1) return "";
  if (header[0]!.includes(";")) return "; the file seems to be separated by semicolons: save it comma-separated";
  if (header[0]!.includes("\t")) return "; the file seems to be separated by tabs: save it comma-separated";
  return "";
}

export function isRejection(value: unknown): value is Rejection {
  // Cells come as arrays, so the array test settles the common case without a property lookup.
  return typeof value === "object" && value !== null && !Array.isArray(value) && "reason" in value && "record" in value;
}

/** Where a record is in its file: its number and its physical line. */
export type RecordPlace = Pick<CsvRecord, "record" | "line">;

/**
 * Which records of a file a reader takes on (a worker thread its own titles' records), decided
 * from the raw record before any cell is parsed. Each test is made once the header is known.
 */
export interface FileShare {
  /** Whether the share takes a record. */
  readonly records: (header: readonly string[]) => (record: CsvRecord) => boolean;
  /**
   * The same for a record from its bytes (`from` to `end`, line end excluded): undefined where
   * the bytes cannot tell, and the record's text then decides.
   */
  readonly lines?: (header: readonly string[]) => (bytes: Buffer, from: number, end: number, record: number) => boolean | undefined;
}

/**
 * Made once a plain file's header and delimiter are known (undefined: it reads none): takes a
 * record from its bytes (`from` to `end`, line end excluded) before it is decoded, and says
 * whether it did; a record it does not take is given as text, as readCsv gives it. The batch of
 * the records around it is given after it is called for each of them.
 */
export type LineReader = (header: readonly string[]) => ((bytes: Buffer, from: number, end: number, record: number, line: number) => boolean) | undefined;

/**
 * Reads a CSV file's header and records in batches, as readCsv does (the default source). A
 * source that reads a plain file's lines itself may let `lines` take records from their bytes.
 */
export type RecordSource = (
  file: string,
  onHeader: (header: string[]) => void,
  onBatch: (records: CsvRecord[]) => void | Promise<void>,
  lines?: LineReader,
) => Promise<void>;

/**
 * Reads a whole (catalogue-sized) file of one kind: each record's cells go to `onRow`, which
 * may still reject it (`reject(column, value, reason)`); malformed records are rejected here.
 * With `share`, records outside it are counted as read and otherwise passed over, except those
 * a plain file's bytes tell are outside it: those are not even decoded, nor counted as read.
 * `source` stands in for readCsv where a caller has a faster way to the same records; a plain
 * file's clean records are then read from their bytes (TableReader.cellsFromBytes).
 */
export async function readTable(
  file: string,
  columns: readonly ColumnSpec[],
  onRow: (cells: unknown[], record: RecordPlace, reject: (column: string, value: string, reason: string) => void) => void,
  share?: FileShare,
  source: RecordSource = readCsv,
  /** Told of each record rejected before it reached onRow, with a look at its fields by column name. */
  onRejected?: (rejection: Rejection, field: (name: string) => string | undefined) => void,
): Promise<{ read: number; rejections: Rejection[] }> {
  const reader = new TableReader(file, columns);
  const rejections: Rejection[] = [];
  let read = 0;
  let mine: ((record: CsvRecord) => boolean) | undefined;
  const take = (cells: unknown[], record: RecordPlace): void =>
    onRow(cells, record, (column, value, reason) => rejections.push(reader.reject(record, column, value, reason)));
  // Records read from their bytes wait for the text records of their batch: all are taken in
  // record order, as a duplicate's reason names the line it was first on.
  let fromBytes: { cells: unknown[]; record: RecordPlace }[] = [];
  await source(
    file,
    (header) => {
      reader.useHeader(header);
      mine = share?.records(header);
    },
    (records) => {
      let next = 0;
      for (const record of records) {
        for (; next < fromBytes.length && fromBytes[next]!.record.record < record.record; next++) take(fromBytes[next]!.cells, fromBytes[next]!.record);
        read++;
        if (mine !== undefined && !mine(record)) continue;
        const cells = reader.cells(record);
        if (isRejection(cells)) {
          rejections.push(cells);
          onRejected?.(cells, (name) => record.values[reader.headerIndex(name)]?.trim());
        }
        else take(cells, record);
      }
      for (; next < fromBytes.length; next++) take(fromBytes[next]!.cells, fromBytes[next]!.record);
      fromBytes = [];
    },
    (header) => {
      const mineByBytes = share?.lines?.(header);
      return (bytes, from, end, record, line) => {
        const taken = mineByBytes?.(bytes, from, end, record);
        if (taken === false) return true;
        // A share its bytes cannot settle is settled on the record's text.
        if (share !== undefined && taken !== true) return false;
        const cells = reader.cellsFromBytes(bytes, from, end);
        if (cells === undefined) return false;
        read++;
        fromBytes.push({ cells, record: { record, line } });
        return true;
      };
    },
  );
  return { read, rejections };
}
