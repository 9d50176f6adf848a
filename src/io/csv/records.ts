import { createReadStream } from "node:fs";
import Papa from "papaparse";
import { InputFileError } from "./input-file-error.js";

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

/** Bytes of the file read at a time; the dialect is guessed from the first read. */
export const READ_BYTES = 1 << 16;

/**
 * Streams a CSV file in batches: UTF-8, BOM stripped, CRLF, LF or CR line ends, RFC 4180 quoting;
 * blank lines skipped (but counted, so line numbers stay physical). `onBatch` may return a
 * promise to hold the reader back while it works.
 *
 * A record with a quoting error ends with the physical line it starts on, and reading goes on
 * at the next line (see RecordSplitter), so a stray quote costs one record, not the rest of the file.
 */
export async function readCsv(
  file: string,
  onHeader: (header: string[]) => void,
  onBatch: (records: CsvRecord[]) => void | Promise<void>,
): Promise<void> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: READ_BYTES });
  const splitter = new RecordSplitter(onHeader);
  try {
    // One chunk at a time: the next is read only once the consumer is done with this one.
    for await (const chunk of stream as AsyncIterable<string>) {
      const batch = splitter.push(chunk, false);
      if (batch.length === 0) continue;
      const held = onBatch(batch);
      if (held) await held;
    }
  } catch (error) {
    if (error !== stream.errored) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(file, code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a folder, not a file" : "cannot be read");
  }
  const batch = splitter.push("", true);
  if (batch.length > 0) await onBatch(batch);
  if (!splitter.sawHeader) throw new InputFileError(file, "is empty (a header row is required)");
}

/**
 * A quoted field may run over several lines, so a quote that is never closed cannot be told
 * from a long quoted note until its record is cut short: one still open after this many
 * characters is taken to be a stray quote (and the text held back stays bounded).
 */
const LONGEST_OPEN_RECORD = 1 << 20;

/** For a record cut at the end of its first line because a quote opened in it was not closed. */
export const UNCLOSED_ON_ITS_LINE = 'a quoted field is not closed on its line (a stray " ?); the next line is read as a new record';

const INVALID_QUOTES = "InvalidQuotes";

type Result = Papa.ParseResult<string[]>;

/** The parts of papaparse's parser classes used here (exported by papaparse; the streamers are built on them). */
interface RawParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Result;
}
const papa = Papa as unknown as {
  ParserHandle: new (config: Papa.ParseConfig) => RawParser & { guessLineEndings(input: string, quoteChar: string): "\n" | "\r\n" | "\r" };
  Parser: new (config: Papa.ParseConfig) => RawParser;
};

/** How a CSV file separates values and lines. */
export interface Dialect {
  readonly delimiter: string;
  /** "\n" for LF and CRLF files alike (a CR left before an LF is taken off each line). */
  readonly newline: "\n" | "\r";
}

/**
 * The dialect of a file, guessed as papaparse guesses it from `text`: the file's first read
 * (READ_BYTES of it, decoded, BOM taken off). The CSV reader and the parallel pass's plain
 * ledger reader both go by this guess, so they split a file alike.
 */
export function guessDialect(text: string): Dialect {
  const newline = new papa.ParserHandle({}).guessLineEndings(text, '"') === "\r" ? "\r" : "\n";
  // papaparse guesses the delimiter on a handle's first parse, from the first rows of the text;
  // the preview spares parsing the rest.
  const delimiter = new papa.ParserHandle({ newline, preview: 1 }).parse(text, 0, false).meta.delimiter;
  return { delimiter, newline };
}

function hasQuoteError(result: Result): boolean {
  const errors = result.errors;
  for (let i = 0; i < errors.length; i++) if (errors[i]!.type === "Quotes") return true;
  return false;
}

/** The message of the last quoting error (papaparse may give several for one record). */
function quoteMessage(result: Result): string | undefined {
  let message: string | undefined;
  for (const error of result.errors) if (error.type === "Quotes") message = error.message;
  return message;
}

function count(text: string, of: string): number {
  let found = 0;
  for (let at = text.indexOf(of); at >= 0; at = text.indexOf(of, at + 1)) found++;
  return found;
}

/**
 * Turns the text of a file, piece by piece, into records. papaparse does the parsing; this
 * keeps what is left of a piece for the next one, numbers records and physical lines, and
 * limits what a quoting error can do.
 *
 * Line ends: papaparse's guess from the start of the file, except that CRLF is parsed as LF
 * with the CR taken off the last value. So a file that mixes both still splits at every line
 * and a blank CRLF line is blank. Files with lone CR line ends are parsed as such.
 *
 * Quoting errors: each piece is first parsed whole, as fast as papaparse goes. Only if that
 * reports a quoting error is the piece parsed again, one record at a time ("carefully"): a record
 * is first parsed as its own first line; when that leaves a quoted field open, the text taken
 * grows to the line of the next quote (at least doubling, so a long field costs a constant times
 * its length) until the field is closed (a quoted field over several lines: fine) or papaparse
 * reports a bad quote. A bad record is rejected as its first physical line alone, and parsing
 * starts again on the next line; one on the file's last line keeps all its text, as before.
 */
class RecordSplitter {
  sawHeader = false;
  private carry = "";
  /** Physical line where `carry` starts. */
  private line = 1;
  private record = 0;
  private newline: "\n" | "\r" = "\n";
  /** Parses a run of records; set up on the first text. */
  private many: RawParser | undefined;
  /** Parses one record (papaparse's `preview: 1`). */
  private one!: RawParser;
  private batch: CsvRecord[] = [];

  constructor(private readonly onHeader: (header: string[]) => void) {}

  /** Takes the next piece of text (`last`: the file ends here) and returns the records it completes. */
  push(chunk: string, last: boolean): CsvRecord[] {
    let text = this.carry + chunk;
    this.carry = "";
    let result: Result;
    if (this.many === undefined) {
      // The BOM goes before parsing, so a quoted first header name is unquoted like any other.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0 && !last) return [];
      const { delimiter, newline } = guessDialect(text);
      this.newline = newline;
      this.many = new papa.Parser({ delimiter, newline });
      this.one = new papa.Parser({ delimiter, newline, preview: 1 });
      result = this.many.parse(text, 0, !last);
    } else {
      result = this.many.parse(text, 0, !last);
    }
    if (hasQuoteError(result)) {
      this.carefully(text, last);
    } else {
      const quoted = text.indexOf('"') >= 0;
      const cr = this.newline === "\n" && text.indexOf("\r") >= 0;
      const rows = result.data;
      for (let i = 0; i < rows.length; i++) this.add(rows[i]!, quoted, cr, undefined);
      if (!last) {
        const rest = result.meta.cursor < text.length ? text.slice(result.meta.cursor) : "";
        // What is held back is one record with a quoted field still open: cut it if it grows too long.
        if (rest.length > LONGEST_OPEN_RECORD && rest.indexOf(this.newline) >= 0) this.carefully(rest, false);
        else this.carry = rest;
      }
    }
    const batch = this.batch;
    this.batch = [];
    return batch;
  }

  /** Parses `text` (which starts a record) one record at a time; see the class comment. */
  private carefully(text: string, last: boolean): void {
    const nl = this.newline;
    let start = 0;
    records: while (start < text.length) {
      let end = this.lineEnd(text, start);
      if (end < 0) {
        if (!last) break; // the rest of the line is still to come
        end = text.length;
      }
      for (;;) {
        const toTheEnd = end === text.length && last;
        const result = this.one.parse(start === 0 && end === text.length ? text : text.slice(start, end), 0, !toTheEnd);
        const bad = hasQuoteError(result);
        if (!bad && result.data.length > 0) {
          this.add(result.data[0]!, true, nl === "\n", undefined);
          start += result.meta.cursor;
          continue records;
        }
        if (!bad) {
          // A quoted field is still open at `end`: it can only close at a later quote.
          const quote = text.indexOf('"', end);
          const next = quote < 0 ? -1 : this.lineEnd(text, Math.max(quote, start + 2 * (end - start)));
          if (next >= 0) {
            end = next;
            continue;
          }
          if (quote >= 0 && last) {
            end = text.length;
            continue;
          }
          if (!last && text.length - start <= LONGEST_OPEN_RECORD) break records; // wait for more text
        }
        // A bad quote, or a quoted field never closed: the record ends with its first line.
        const firstEnd = this.lineEnd(text, start);
        const closedOnItsLine = result.data.length > 0 && start + result.meta.cursor === firstEnd;
        if (closedOnItsLine) {
          this.add(result.data[0]!, true, nl === "\n", quoteMessage(result) ?? UNCLOSED_ON_ITS_LINE);
          start = firstEnd;
        } else if (this.sawHeader && firstEnd >= 0 && firstEnd < text.length) {
          this.cut(text, start, firstEnd);
          start = firstEnd;
        } else if (!last && (firstEnd < 0 || firstEnd === text.length)) {
          break records; // whether anything follows this line decides how it is cut
        } else {
          // A header (a file error: it is given whole, so that it shows), or the file's last
          // line: nothing after it to read, so it keeps its text as papaparse gives it.
          const till = last ? text.length : end;
          const entire = this.many!.parse(text.slice(start, till), 0, false);
          this.add(entire.data[0] ?? [""], true, nl === "\n", quoteMessage(entire) ?? UNCLOSED_ON_ITS_LINE);
          start = till;
        }
        continue records;
      }
    }
    this.carry = start < text.length ? text.slice(start) : "";
  }

  /** Rejects the record starting at `start` as its first line alone (up to `next`). */
  private cut(text: string, start: number, next: number): void {
    let end = next - 1;
    if (this.newline === "\n" && text.charCodeAt(end - 1) === 13) end--;
    const alone = this.many!.parse(text.slice(start, end), 0, false);
    const invalid = alone.errors.find((error) => error.type === "Quotes" && error.code === INVALID_QUOTES);
    const values = alone.data[0] ?? [""];
    const line = this.line;
    this.line += 1;
    this.record += 1;
    this.batch.push({ values, record: this.record, line, malformed: invalid ? invalid.message : UNCLOSED_ON_ITS_LINE });
  }

  /** Index just past the line end after `from`, or -1 when the text has no line end there. */
  private lineEnd(text: string, from: number): number {
    const at = text.indexOf(this.newline, from);
    return at < 0 ? -1 : at + 1;
  }

  /**
   * Adds one parsed row: `quoted` when its values may hold line ends (so they are counted), `cr`
   * when a CR before an LF may have been left on its last value.
   */
  private add(values: string[], quoted: boolean, cr: boolean, malformed: string | undefined): void {
    const last = values.length - 1;
    if (cr) {
      const value = values[last]!;
      if (value.charCodeAt(value.length - 1) === 13) values[last] = value.slice(0, -1);
    }
    const line = this.line;
    this.line += 1;
    if (quoted) {
      for (let i = 0; i <= last; i++) {
        const value = values[i]!;
        if (value.length > 0 && value.indexOf(this.newline) >= 0) this.line += count(value, this.newline);
      }
    }
    const blank = last === 0 && values[0] === "" && malformed === undefined;
    if (!this.sawHeader) {
      if (blank) return; // blank lines before the header
      this.sawHeader = true;
      this.onHeader(values.map((name) => name.trim()));
      return;
    }
    if (blank) return;
    this.record += 1;
    this.batch.push(malformed === undefined ? { values, record: this.record, line } : { values, record: this.record, line, malformed });
  }
}

/** The delimiter as the one ASCII byte it is, or -1 where it is not one (its lines are then read as text). */
export function asciiDelimiter(delimiter: string): number {
  return delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80 ? delimiter.charCodeAt(0) : -1;
}
