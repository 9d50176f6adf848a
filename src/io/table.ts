import { readCsv, type CsvRecord } from "./csv.js";
import { InputFileError } from "./file-error.js";
import { Problem } from "./values.js";

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

export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  /** Parses a non-empty cell; empty optional cells are `undefined` and never reach it. */
  readonly parse?: (text: string) => unknown;
}

// Where most readers already look for it.
export { InputFileError };

/** A message quotes the value at fault, but not a whole file swallowed by a stray quote. */
const VALUE_SHOWN = 200;
const NOT_UTF8 = "\uFFFD";

const QUOTING_PROBLEMS: Record<string, string> = {
  "Quoted field unterminated": "a quoted field is never closed (a stray \" ?); it runs to the end of the file",
  "Trailing quote on quoted field is malformed": "a quote inside a quoted field is not doubled (write \"\" for a quote inside quotes)",
};

/**
 * Reads records of one file kind: finds its columns in the header (order free, extras ignored,
 * a missing required column is a file error), then turns each record into cells or a rejection.
 */
export class TableReader {
  private indexes: number[] = [];
  private header: readonly string[] = [];
  private width = 0;

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
  }

  headerIndex(name: string): number {
    return this.header.indexOf(name);
  }

  /** Cells in column-spec order: parsed values, `undefined` for empty optional cells. */
  cells(record: CsvRecord): unknown[] | Rejection {
    const values = record.values;
    if (record.malformed) return this.reject(record, "", values.join(","), `unparseable quoting: ${QUOTING_PROBLEMS[record.malformed] ?? record.malformed}`);
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
        return this.reject(record, blank ? "" : column.name, "", blank ? "empty record (every field is blank)" : "required value is missing");
      }
      if (column.parse === undefined) {
        if (text.includes(NOT_UTF8)) return this.reject(record, column.name, text, "not UTF-8 text (save the file as \"CSV UTF-8\")");
        cells[i] = text;
        continue;
      }
      const parsed = column.parse(text);
      if (parsed instanceof Problem) return this.reject(record, column.name, text, parsed.reason);
      cells[i] = parsed;
    }
    return cells;
  }

  reject(record: CsvRecord, column: string, value: string, reason: string): Rejection {
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

/**
 * Which records of a file a reader takes on (a worker thread its own titles' records), decided
 * from the raw record before any cell is parsed; made once the header is known.
 */
export type FileShare = (header: readonly string[]) => (record: CsvRecord) => boolean;

/** Reads a CSV file's header and records in batches, as readCsv does (the default source). */
export type RecordSource = typeof readCsv;

/**
 * Reads a whole (catalogue-sized) file of one kind: each record's cells go to `onRow`, which
 * may still reject it (`reject(column, value, reason)`); malformed records are rejected here.
 * With `share`, records outside it are counted as read and otherwise passed over. `source`
 * stands in for readCsv where a caller has a faster way to the same records; one that leaves
 * out records outside the share (as a worker's does) leaves them out of `read` too.
 */
export async function readTable(
  file: string,
  columns: readonly ColumnSpec[],
  onRow: (cells: unknown[], record: CsvRecord, reject: (column: string, value: string, reason: string) => void) => void,
  share?: FileShare,
  source: RecordSource = readCsv,
): Promise<{ read: number; rejections: Rejection[] }> {
  const reader = new TableReader(file, columns);
  const rejections: Rejection[] = [];
  let read = 0;
  let mine: ((record: CsvRecord) => boolean) | undefined;
  await source(
    file,
    (header) => {
      reader.useHeader(header);
      mine = share?.(header);
    },
    (records) => {
      for (const record of records) {
        read++;
        if (mine !== undefined && !mine(record)) continue;
        const cells = reader.cells(record);
        if (isRejection(cells)) rejections.push(cells);
        else onRow(cells, record, (column, value, reason) => rejections.push(reader.reject(record, column, value, reason)));
      }
    },
  );
  return { read, rejections };
}
