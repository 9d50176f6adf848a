import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputFileError } from "./input-file-error.js";
import { spool, spooledPath } from "./spool.js";

/** One data record of a CSV file, with where it stands in the file. */
export interface CsvRecord {
  readonly values: string[];
  /** 1 for the first data record after the header. */
  readonly record: number;
  /** Physical line the record starts on (quoted newlines make it differ from the record number). */
  readonly line: number;
  /** Set when the CSV itself could not be parsed here (e.g. a stray quote): what is wrong, in the user's words. */
  readonly malformed?: string;
  /** Set when some value holds a NUL character (the record is then rejected). */
  readonly nul?: true;
}

/**
 * The longest record read, in bytes (1 MiB). A longer one (a quoted field that runs on, most
 * likely from a stray quote) is one rejected record: the reader passes over its bytes without
 * keeping them, and reads on after its end, which is the first line end outside quotes.
 */
export const LONGEST_RECORD = 1 << 20;

/** The only separator read: files are comma-separated, never guessed. */
export const DELIMITER = ",";
const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export const TOO_LONG = `the record is longer than ${LONGEST_RECORD / (1 << 20)} MiB (a quoted field that never closes where it should? a stray " ?)`;
export const UNCLOSED = 'a quoted field is never closed (a stray " ?); it runs to the end of the file';
export const BAD_QUOTE = 'a quote inside a quoted field is not doubled (write "" for a quote inside quotes)';

/**
 * Whole records of a CSV file, as the file holds them, in memory that threads can share: each
 * record's bounds were found while the chunk was read, so its readers never look for them again.
 */
export interface CsvChunk {
  readonly buffer: SharedArrayBuffer;
  /** Bytes of `buffer` that belong to the chunk. */
  readonly length: number;
  /** Records in the chunk (blank lines are not records). */
  readonly records: number;
  /** Number of the chunk's first record (1 for the first after the header); the others follow it. */
  readonly record: number;
  /**
   * Three numbers per record: where it starts in the chunk, where its content ends (before the
   * line end, and a CR before an LF), and the physical line it starts on.
   */
  readonly bounds: Int32Array;
  /** Where the chunk's first byte is in the file. */
  readonly position: number;
  /** Whether some record holds a NUL byte (its records are then read as text, which rejects it). */
  readonly nul: boolean;
  /** Records longer than LONGEST_RECORD, by index in the chunk: only their first bytes are in it. */
  readonly cut?: readonly number[];
}

/** Bytes read into one chunk (tests make it smaller, to cross many chunk boundaries). */
export const chunking = { bytes: 1 << 17 };

/** Bytes of a record longer than LONGEST_RECORD that are kept, to show in its rejection. */
const CUT_KEEPS = 256;

/** Scanner states: at a field's start, in an unquoted field, in a quoted one, just after a quote in a quoted one. */
const START = 0;
const PLAIN = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Finds where records end, byte by byte, as RFC 4180 reads them: a field that starts with a
 * quote runs to the quote that closes it (`""` inside is a quote), line ends and commas within
 * it included; a quote anywhere else is text. Its state carries over from one call to the next.
 */
class RecordScanner {
  state = START;
  /** Line ends inside quoted fields since the last reset. */
  inner = 0;

  constructor(private readonly newline: number) {}

  reset(): void {
    this.state = START;
    this.inner = 0;
  }

  /** Where the record that the scan is in ends (its line end) in `bytes` from `at` to `to`, or -1. */
  end(bytes: Uint8Array, at: number, to: number): number {
    const nl = this.newline;
    let state = this.state;
    let inner = this.inner;
    for (; at < to; at++) {
      const b = bytes[at]!;
      if (state === QUOTED) {
        if (b === QUOTE) state = QUOTE_IN_QUOTED;
        else if (b === nl) inner++;
      } else if (state === QUOTE_IN_QUOTED) {
        if (b === QUOTE) state = QUOTED;
        else if (b === COMMA) state = START;
        else if (b === nl) break;
        else state = PLAIN;
      } else if (b === COMMA) state = START;
      else if (b === nl) break;
      else state = state === START && b === QUOTE ? QUOTED : PLAIN;
    }
    this.inner = inner;
    if (at < to) {
      this.state = START;
      return at;
    }
    this.state = state;
    return -1;
  }
}

/**
 * A CSV file read in chunks of whole records: UTF-8, comma-separated, BOM or not, LF or CRLF
 * line ends (or lone CR, where the file has no LF), RFC 4180 quoting; blank lines passed over
 * but counted, so line numbers stay physical. Any file can be read: one that is not a regular
 * file (a pipe) is first copied to a temporary file, so it can be read again. The header is
 * read when it is opened.
 */
export class CsvFile {
  /** Memory of chunks their readers are done with, read into again (see recycle). */
  private readonly spare: SharedArrayBuffer[] = [];

  private constructor(
    readonly file: string,
    private readonly fd: number,
    readonly header: string[],
    private readonly newline: number,
    /** Where the first record after the header starts, and its physical line. */
    private readonly start: number,
    private readonly startLine: number,
  ) {}

  /**
   * Opens `file` (its copy, where it was spooled: see spool) and reads its header; an unreadable
   * or empty file, or one not comma-separated, is an InputFileError.
   */
  static open(file: string): CsvFile {
    let fd: number;
    try {
      fd = openSync(spooledPath(file), "r");
    } catch (error) {
      throw unreadable(file, error);
    }
    try {
      return CsvFile.readHeader(file, fd);
    } catch (error) {
      closeSync(fd);
      if (error instanceof InputFileError) throw error;
      throw unreadable(file, error);
    }
  }

  private static readHeader(file: string, fd: number): CsvFile {
    if (fstatSync(fd).isDirectory()) throw new InputFileError(file, "is a folder, not a file");
    let requested = chunking.bytes;
    let head = readAt(fd, 0, requested);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    // Lone CR line ends (old Mac files) only where the file has no LF at all in its first chunk.
    const newline = head.indexOf(LF) < 0 && head.indexOf(CR) >= 0 ? CR : LF;
    const scanner = new RecordScanner(newline);
    let from = bom;
    let line = 1;
    for (;;) {
      scanner.reset();
      let end = scanner.end(head, from, head.length);
      if (end < 0 && head.length === requested) {
        // The header goes on past what was read.
        if (head.length - from > LONGEST_RECORD) throw new InputFileError(file, `the header row is longer than ${LONGEST_RECORD / (1 << 20)} MiB (a stray " ?)`);
        requested *= 2;
        head = readAt(fd, 0, requested);
        continue;
      }
      if (end < 0) end = head.length;
      const content = newline === LF ? contentEnd(head, from, end) : end;
      if (content > from) {
        const header = recordValues(head, from, content).values.map((name) => name.trim());
        checkSeparator(file, header);
        return new CsvFile(file, fd, header, newline, end + 1, line + 1 + scanner.inner);
      }
      if (end >= head.length) throw new InputFileError(file, "is empty (a header row is required)");
      line += 1 + scanner.inner;
      from = end + 1;
    }
  }

  /**
   * The records as chunks, in order, each in memory of its own until it is recycled. A chunk
   * ends after its last whole record, the rest going to the next one; a record longer than a
   * chunk makes its chunk grow, up to LONGEST_RECORD (a longer one is cut: see CsvChunk.cut).
   * Chunks of blank lines alone are passed over.
   */
  *chunks(): Generator<CsvChunk> {
    const size = chunking.bytes;
    const scanner = new RecordScanner(this.newline);
    let position = this.start;
    let record = 1;
    let line = this.startLine;
    let rest: Buffer = Buffer.alloc(0);
    for (let atEnd = false; !atEnd; ) {
      const wanted = Math.max(size, rest.length * 2);
      const bytes = Buffer.from((wanted === size ? this.spare.pop() : undefined) ?? new SharedArrayBuffer(wanted));
      const chunkPosition = position - rest.length;
      let filled = rest.copy(bytes);
      for (;;) {
        const read = this.readInto(bytes, filled, position);
        position += read;
        filled += read;
        if (read === 0) atEnd = true;
        if (read === 0 || filled === bytes.length) break;
      }
      const found = new ChunkRecords(record, line);
      let from = found.scan(bytes, filled, scanner, this.newline);
      let length = from;
      if (from === 0 && filled > LONGEST_RECORD) {
        // One record too long to keep: its first bytes stand for it, the rest is passed over.
        const skipped = this.passOver(scanner, bytes, filled, position);
        position = skipped.position;
        found.addCut(0, CUT_KEEPS, 1 + skipped.inner);
        length = CUT_KEEPS;
        from = filled;
        atEnd = skipped.atEnd;
      } else if (atEnd && from < filled) {
        // The last record, line end or not (a quote still open runs to the end of the file).
        found.add(from, this.newline === LF ? contentEnd(bytes, from, filled) : filled, 1 + scanner.inner);
        length = filled;
      }
      rest = atEnd || from >= filled ? Buffer.alloc(0) : Buffer.from(bytes.subarray(from, filled));
      const chunk = found.chunk(bytes, length, chunkPosition);
      record = found.nextRecord;
      line = found.nextLine;
      if (chunk !== undefined) yield chunk;
      else if (bytes.length === size) this.spare.push(bytes.buffer as SharedArrayBuffer);
    }
  }

  /**
   * Reads on through the record that fills `bytes` (from its start) to its end, keeping none of
   * it: where the file is after the record's line end, and the line ends inside its quotes.
   */
  private passOver(scanner: RecordScanner, bytes: Buffer, filled: number, position: number): { position: number; inner: number; atEnd: boolean } {
    scanner.reset();
    let end = scanner.end(bytes, 0, filled);
    if (end >= 0) return { position: position - (filled - end - 1), inner: scanner.inner, atEnd: false };
    const block = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const read = this.readInto(block, 0, position);
      if (read === 0) return { position, inner: scanner.inner, atEnd: true };
      end = scanner.end(block, 0, read);
      if (end >= 0) return { position: position + end + 1, inner: scanner.inner, atEnd: false };
      position += read;
    }
  }

  /**
   * Every reader is done with `chunk`: its memory is read into again. Fresh memory for every
   * chunk would pile up until this thread next collects garbage, which, with little else
   * allocated here, is seldom.
   */
  recycle(chunk: CsvChunk): void {
    if (chunk.buffer.byteLength === chunking.bytes) this.spare.push(chunk.buffer);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The file's size in bytes. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Reads `length` bytes from `position` into `bytes` at `at` (fewer only where the file ends); how many. */
  read(bytes: Uint8Array, at: number, length: number, position: number): number {
    let filled = 0;
    while (filled < length) {
      const read = this.readInto(bytes, at + filled, position + filled, length - filled);
      if (read === 0) break;
      filled += read;
    }
    return filled;
  }

  private readInto(bytes: Uint8Array, at: number, position: number, length = bytes.length - at): number {
    try {
      return readSync(this.fd, bytes, at, length, position);
    } catch {
      throw new InputFileError(this.file, "cannot be read");
    }
  }
}

/** The records of one chunk as they are found (a chunk rarely holds more than a few thousand). */
class ChunkRecords {
  private static bounds = new Int32Array(3 << 12);
  private records = 0;
  private cut: number[] | undefined;
  nextRecord: number;
  nextLine: number;

  constructor(
    private readonly record: number,
    line: number,
  ) {
    this.nextRecord = record;
    this.nextLine = line;
  }

  /**
   * Adds the records whose line ends are in `bytes` (up to `filled`), from its start: where the
   * rest begins. Its own function, not the reader's loop: the loop the optimizing compiler works
   * on is this one alone, which the end of a file, where the reader takes other branches, does
   * not throw away.
   */
  scan(bytes: Buffer, filled: number, scanner: RecordScanner, newline: number): number {
    const plain = bytes.subarray(0, filled).indexOf(QUOTE) < 0;
    let from = 0;
    for (;;) {
      scanner.reset();
      const end = plain ? nextLineEnd(bytes, from, filled, newline) : scanner.end(bytes, from, filled);
      if (end < 0) return from;
      this.add(from, newline === LF ? contentEnd(bytes, from, end) : end, 1 + scanner.inner);
      from = end + 1;
    }
  }

  /**
   * A record from `from` to `content` (blank: only counted), taking `lines` physical lines. One
   * longer than LONGEST_RECORD is cut to its first bytes.
   */
  add(from: number, content: number, lines: number): void {
    if (content - from > LONGEST_RECORD) {
      (this.cut ??= []).push(this.records);
      content = from + CUT_KEEPS;
    }
    if (content > from) {
      let bounds = ChunkRecords.bounds;
      if (3 * this.records === bounds.length) {
        const grown = new Int32Array(bounds.length * 2);
        grown.set(bounds);
        bounds = ChunkRecords.bounds = grown;
      }
      bounds[3 * this.records] = from;
      bounds[3 * this.records + 1] = content;
      bounds[3 * this.records + 2] = this.nextLine;
      this.records++;
      this.nextRecord++;
    }
    this.nextLine += lines;
  }

  addCut(from: number, content: number, lines: number): void {
    (this.cut ??= []).push(this.records);
    this.add(from, content, lines);
  }

  chunk(bytes: Buffer, length: number, position: number): CsvChunk | undefined {
    if (this.records === 0) return undefined;
    const bounds = ChunkRecords.bounds.slice(0, 3 * this.records);
    const nul = bytes.subarray(0, length).indexOf(0) >= 0;
    const chunk = { buffer: bytes.buffer as SharedArrayBuffer, length, position, records: this.records, record: this.record, bounds, nul };
    return this.cut === undefined ? chunk : { ...chunk, cut: this.cut };
  }
}

/** The next line end from `from` (a chunk without quotes: every line end ends a record), or -1. */
function nextLineEnd(bytes: Buffer, from: number, to: number, newline: number): number {
  const at = bytes.indexOf(newline, from);
  return at < 0 || at >= to ? -1 : at;
}

/** Where a line's content ends: before a CR that ends it (a CRLF line end). */
function contentEnd(bytes: Uint8Array, from: number, end: number): number {
  return end > from && bytes[end - 1] === CR ? end - 1 : end;
}

/**
 * Calls `visit` for each record of a chunk, in order: the chunk's bytes and where the record is
 * in them (line end excluded), its number, its physical line, and whether it was cut (see
 * CsvChunk.cut). The bytes are the chunk's memory, only to be read while `visit` runs.
 */
export function forEachRecord(
  chunk: CsvChunk & { readonly numbers?: Int32Array },
  visit: (bytes: Buffer, from: number, end: number, record: number, line: number, cut: boolean) => void,
): void {
  const bytes = Buffer.from(chunk.buffer, 0, chunk.length);
  const bounds = chunk.bounds;
  const numbers = chunk.numbers;
  const cut = chunk.cut;
  for (let index = 0; index < chunk.records; index++) {
    const record = numbers === undefined ? chunk.record + index : numbers[index]!;
    visit(bytes, bounds[3 * index]!, bounds[3 * index + 1]!, record, bounds[3 * index + 2]!, cut !== undefined && cut.includes(index));
  }
}

/**
 * The values of one record from its bytes (`from` to `end`, line end excluded), quoting
 * undone; `malformed` says what is wrong with its quoting, if anything (its values are then as
 * near the text as can be: a bad closing quote is kept as text).
 */
export function recordValues(bytes: Uint8Array, from: number, end: number): { values: string[]; malformed?: string } {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: string[] = [];
  let malformed: string | undefined;
  let at = from;
  for (;;) {
    if (at < end && buffer[at] === QUOTE) {
      let text = "";
      let piece = at + 1;
      let closed = false;
      for (at = piece; at < end; at++) {
        if (buffer[at] !== QUOTE) continue;
        text += buffer.toString("utf8", piece, at);
        if (buffer[at + 1] === QUOTE && at + 1 < end) {
          text += '"';
          at++;
          piece = at + 1;
          continue;
        }
        closed = true;
        break;
      }
      if (!closed) {
        values.push(text + buffer.toString("utf8", piece, end));
        return { values, malformed: UNCLOSED };
      }
      at++; // past the closing quote
      let stop = at;
      while (stop < end && buffer[stop] !== COMMA) stop++;
      if (stop > at) {
        // Text after the closing quote: kept, with the quote, as it was written.
        malformed ??= BAD_QUOTE;
        text += '"' + buffer.toString("utf8", at, stop);
      }
      values.push(text);
      at = stop;
    } else {
      let stop = at;
      while (stop < end && buffer[stop] !== COMMA) stop++;
      values.push(buffer.toString("utf8", at, stop));
      at = stop;
    }
    if (at >= end) break;
    at++; // past the comma
    if (at === end) {
      values.push("");
      break;
    }
  }
  return malformed === undefined ? { values } : { values, malformed };
}

/**
 * Finds where each of a record's `width` fields is, its bytes from `from` to `end` split at
 * commas outside quotes: field i from bounds[2i] to bounds[2i + 1], a quoted field's bounds
 * inside its quotes. False where it has another number of fields, or a field whose bytes are not
 * its value (a doubled quote inside quotes, bad quoting): recordValues then reads it.
 */
export function splitFields(bytes: Uint8Array, from: number, end: number, width: number, bounds: Int32Array): boolean {
  let field = 0;
  let at = from;
  for (;;) {
    if (field === width) return false;
    if (at < end && bytes[at] === QUOTE) {
      let close = at + 1;
      while (close < end && bytes[close] !== QUOTE) close++;
      // Unclosed, a doubled quote, or text after the closing quote.
      if (close >= end || (close + 1 < end && bytes[close + 1] !== COMMA)) return false;
      bounds[2 * field] = at + 1;
      bounds[2 * field + 1] = close;
      at = close + 1;
    } else {
      bounds[2 * field] = at;
      while (at < end && bytes[at] !== COMMA) at++;
      bounds[2 * field + 1] = at;
    }
    field++;
    if (at >= end) return field === width;
    at++; // past the comma
    if (at === end) {
      if (field === width) return false;
      bounds[2 * field] = at;
      bounds[2 * field + 1] = at;
      return field + 1 === width;
    }
  }
}

/**
 * Finds field `column` of a record (its bounds, as splitFields gives them, into `found`): FOUND,
 * or FEWER_FIELDS where the record ends before it, or UNTOLD where bytes alone cannot give it
 * (bad quoting or a doubled quote on the way).
 */
export function fieldAt(bytes: Uint8Array, from: number, end: number, column: number, found: Int32Array): number {
  let field = 0;
  let at = from;
  for (;;) {
    let start = at;
    let stop: number;
    if (at < end && bytes[at] === QUOTE) {
      let close = at + 1;
      while (close < end && bytes[close] !== QUOTE) close++;
      if (close >= end || (close + 1 < end && bytes[close + 1] !== COMMA)) return UNTOLD;
      start = at + 1;
      stop = close;
      at = close + 1;
    } else {
      while (at < end && bytes[at] !== COMMA) at++;
      stop = at;
    }
    if (field === column) {
      found[0] = start;
      found[1] = stop;
      return FOUND;
    }
    field++;
    if (at >= end) return FEWER_FIELDS;
    at++;
  }
}

export const FOUND = 1;
export const FEWER_FIELDS = 0;
export const UNTOLD = -1;

/**
 * Reads a CSV file's header and records in batches (one per chunk), with `onBatch` free to
 * return a promise to hold the reader back while it works. With `lines`, made once the header
 * is known, a record it takes from its bytes is not decoded, nor given (see LineReader).
 */
export async function readCsv(
  file: string,
  onHeader: (header: string[]) => void,
  onBatch: (records: CsvRecord[]) => void | Promise<void>,
  lines?: (header: readonly string[]) => ((bytes: Buffer, from: number, end: number, record: number, line: number) => boolean) | undefined,
): Promise<void> {
  await spool(file);
  const csv = CsvFile.open(file);
  try {
    onHeader(csv.header);
    const take = lines?.(csv.header);
    for (const chunk of csv.chunks()) {
      const records: CsvRecord[] = [];
      forEachRecord(chunk, (bytes, from, end, record, line, cut) => {
        if (!cut && !chunk.nul && take?.(bytes, from, end, record, line)) return;
        records.push(recordOf(bytes, from, end, record, line, cut));
      });
      csv.recycle(chunk);
      const held = onBatch(records);
      if (held) await held;
    }
  } finally {
    csv.close();
  }
}

/** A record as text, from its bytes (see forEachRecord). */
export function recordOf(bytes: Uint8Array, from: number, end: number, record: number, line: number, cut: boolean): CsvRecord {
  if (cut) return { values: [Buffer.from(bytes.buffer, bytes.byteOffset + from, end - from).toString("utf8")], record, line, malformed: TOO_LONG };
  const { values, malformed } = recordValues(bytes, from, end);
  const nul = bytes.subarray(from, end).indexOf(0) >= 0;
  if (malformed !== undefined) return nul ? { values, record, line, malformed, nul } : { values, record, line, malformed };
  return nul ? { values, record, line, nul } : { values, record, line };
}

/** The delimiter as the one ASCII byte it is. */
export function asciiDelimiter(delimiter: string): number {
  return delimiter.charCodeAt(0);
}

/**
 * Only commas separate values: a header with none, but with semicolons, tabs or bars, is a file
 * saved with another separator, which is not guessed.
 */
function checkSeparator(file: string, header: readonly string[]): void {
  if (header.length !== 1) return;
  const names: [string, string][] = [
    [";", "semicolons"],
    ["\t", "tabs"],
    ["|", "vertical bars"],
  ];
  for (const [mark, name] of names) {
    if (header[0]!.includes(mark)) {
      throw new InputFileError(file, `is separated by ${name}, not commas: only comma-separated files are read (save it as CSV with commas)`);
    }
  }
}

function unreadable(file: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputFileError(file, code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a folder, not a file" : "cannot be read");
}

/** Up to `length` bytes from `position` (fewer only where the file ends). */
function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let filled = 0;
  for (;;) {
    const read = readSync(fd, bytes, filled, length - filled, position + filled);
    filled += read;
    if (read === 0 || filled === length) return bytes.subarray(0, filled);
  }
}
