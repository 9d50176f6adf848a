import type { CsvRecord } from "./csv.js";
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

/** Thrown when a file cannot be used at all (as opposed to a record being rejected). */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "InputFileError";
  }
}

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
    const missing = this.columns.filter((column) => column.required && !header.includes(column.name)).map((c) => c.name);
    if (missing.length > 0) {
      const plural = missing.length > 1 ? "s" : "";
      throw new InputFileError(this.file, `missing required column${plural} ${missing.join(", ")} (header has: ${header.join(", ")})`);
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
    if (record.malformed) return this.reject(record, "", values.join(","), `unparseable quoting: ${record.malformed}`);
    if (values.length !== this.width) {
      return this.reject(record, "", values.join(","), `wrong number of fields: expected ${this.width}, got ${values.length}`);
    }
    const cells: unknown[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const index = this.indexes[i]!;
      const text = index < 0 ? "" : values[index]!.trim();
      if (text === "") {
        if (column.required) return this.reject(record, column.name, text, "required value is missing");
        cells[i] = undefined;
        continue;
      }
      const parsed = column.parse ? column.parse(text) : text;
      if (parsed instanceof Problem) return this.reject(record, column.name, text, parsed.reason);
      cells[i] = parsed;
    }
    return cells;
  }

  reject(record: CsvRecord, column: string, value: string, reason: string): Rejection {
    return { file: this.file, record: record.record, line: record.line, column, value, reason };
  }
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === "object" && value !== null && "reason" in value && "record" in value;
}
