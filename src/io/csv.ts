import { createReadStream } from "node:fs";
import Papa from "papaparse";

/** One data record of a CSV file, with where it stands in the file. */
export interface CsvRecord {
  readonly values: string[];
  /** 1 for the first data record after the header. */
  readonly record: number;
  /** Physical line the record starts on (quoted newlines make it differ from the record number). */
  readonly line: number;
  /** Set when the CSV itself could not be parsed here (e.g. a stray quote). */
  readonly malformed?: string;
}

export class CsvFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "CsvFileError";
  }
}

/**
 * Streams a CSV file in batches: UTF-8, BOM stripped, CRLF or LF, RFC 4180 quoting; blank lines
 * skipped (but counted, so line numbers stay physical). `onBatch` may return a promise to hold
 * the reader back while it works.
 */
export function readCsv(
  file: string,
  onHeader: (header: string[]) => void,
  onBatch: (records: CsvRecord[]) => void | Promise<void>,
): Promise<void> {
  return new Promise((resolvePromise, rejectPromise) => {
    const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      rejectPromise(error);
    };
    stream.on("error", (error: NodeJS.ErrnoException) =>
      fail(new CsvFileError(file, error.code === "ENOENT" ? "file not found" : error.code === "EISDIR" ? "is a folder, not a file" : "cannot be read")),
    );
    let header: string[] | undefined;
    let pending: Promise<void> = Promise.resolve();
    let line = 1;
    let record = 0;
    Papa.parse<string[]>(stream as unknown as File, {
      header: false,
      skipEmptyLines: false,
      chunk(results, parser) {
        if (failed) return;
        const malformedRows = new Map<number, string>();
        for (const error of results.errors) {
          if (error.row !== undefined && error.type === "Quotes") malformedRows.set(error.row, error.message);
        }
        const batch: CsvRecord[] = [];
        try {
        results.data.forEach((values, index) => {
          const startLine = line;
          line += 1;
          for (const value of values) {
            if (value.length > 0 && value.includes("\n")) line += value.split("\n").length - 1;
          }
          if (header === undefined) {
            if (values.length === 1 && values[0] === "") return; // blank lines before the header
            if (values[0]?.startsWith("\uFEFF")) values[0] = values[0].slice(1);
            header = values.map((name) => name.trim());
            onHeader(header);
            return;
          }
          if (values.length === 1 && values[0] === "" && !malformedRows.has(index)) return; // a blank line
          record += 1;
          const malformed = malformedRows.get(index);
          batch.push(malformed ? { values, record, line: startLine, malformed } : { values, record, line: startLine });
        });
        } catch (error) {
          fail(error as Error);
          parser.abort();
          return;
        }
        if (batch.length === 0) return;
        let held: void | Promise<void>;
        try {
          held = onBatch(batch);
        } catch (error) {
          fail(error as Error);
          parser.abort();
          return;
        }
        if (held) {
          // Hold the file itself back (not the parser), so no more text is read until the consumer is ready.
          stream.pause();
          pending = held.then(
            () => {
              stream.resume();
            },
            (error: Error) => {
              fail(error);
              parser.abort();
            },
          );
        }
      },
      complete() {
        // The last batch may still be in the consumer's hands: finish only once it is done.
        void pending.then(() => {
          if (failed) return;
          if (header === undefined) fail(new CsvFileError(file, "is empty (a header row is required)"));
          else resolvePromise();
        });
      },
      error(error: Error) {
        fail(new CsvFileError(file, error.message));
      },
    });
  });
}
