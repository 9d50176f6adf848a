import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { guessDialect, readCsv, READ_BYTES, type CsvRecord } from "../../io/csv/records.js";
import type { LineReader } from "../../io/csv/column-reader.js";
import { InputFileError } from "../../io/csv/input-file-error.js";
import type { LedgerChunk } from "./protocol.js";

/**
 * Bytes read into one chunk. Small enough that what a worker makes of a chunk dies young: with
 * 1 MiB chunks their results outlived the workers' young generation, and peak memory doubled.
 * Large enough that messages (each one a thread woken) are few: 128 KiB took some 2% less time
 * than 64 KiB for 6 MB more at peak, and 256 KiB was no faster (all measured on the 1M-row
 * bench). Tests make it smaller still, to cross many chunk boundaries.
 */
export const chunking = { bytes: 1 << 17 };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * A ledger without a quote anywhere, whose lines end in LF or CRLF: each line is a record, so
 * the file can go to the workers as it is, in chunks of whole lines, instead of being parsed
 * here. Only the header is read on this thread; the chunks are counted, not decoded.
 */
export class PlainLedger {
  /** Memory of chunks the workers are done with, read into again (see recycle). */
  private readonly spare: SharedArrayBuffer[] = [];

  private constructor(
    private readonly file: string,
    private readonly fd: number,
    readonly header: string[],
    readonly delimiter: string,
    /** Where the first record's line starts, and its physical line number. */
    private readonly start: number,
    private readonly startLine: number,
  ) {}

  /**
   * The ledger in `file` if it is plain; undefined for any other file, including one that
   * cannot be read or has no header line in its first chunk (the CSV reader reports those).
   */
  static open(file: string): PlainLedger | undefined {
    let fd: number;
    try {
      fd = openSync(file, "r");
    } catch {
      return undefined;
    }
    let ledger: PlainLedger | undefined;
    try {
      ledger = PlainLedger.read(file, fd);
    } catch {
      ledger = undefined; // a read error: the CSV reader reports it
    }
    if (ledger === undefined) closeSync(fd);
    return ledger;
  }

  private static read(file: string, fd: number): PlainLedger | undefined {
    // Only a regular file can be read twice (a pipe's bytes would be gone for the CSV reader).
    if (!fstatSync(fd).isFile() || holdsQuote(fd)) return undefined;
    const first = readAt(fd, 0, READ_BYTES);
    const bom = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
    // The CSV reader guesses from its first read, decoded the same way (a split character held back).
    const { delimiter, newline } = guessDialect(new StringDecoder("utf8").write(first).slice(bom > 0 ? 1 : 0));
    if (newline !== "\n") return undefined;

    // The header is the first line that is not blank, as for the CSV reader.
    const head = readAt(fd, bom, chunking.bytes);
    const wholeFile = head.length < chunking.bytes;
    let from = 0;
    for (let line = 1; from < head.length; line++) {
      const lineEnd = head.indexOf(LF, from);
      if (lineEnd < 0 && !wholeFile) return undefined;
      const next = lineEnd < 0 ? head.length : lineEnd + 1;
      const end = contentEnd(head, from, lineEnd < 0 ? head.length : lineEnd);
      if (end > from) {
        const header = head.toString("utf8", from, end).split(delimiter).map((name) => name.trim());
        return new PlainLedger(file, fd, header, delimiter, bom + next, line + 1);
      }
      from = next;
    }
    return undefined;
  }

  /**
   * The records as chunks of whole lines, in order, each in memory of its own until it is
   * recycled. A chunk ends after its last line end, the rest going to the next one; a line
   * longer than a chunk makes its chunk grow; the last chunk takes what is left, line end or
   * not. Chunks of blank lines alone are passed over. With `ownerOf` (a record's bytes, line end
   * excluded, and its number), each chunk carries its records' owners.
   */
  *chunks(ownerOf?: RecordOwner): Generator<LedgerChunk> {
    let position = this.start;
    let record = 1;
    let line = this.startLine;
    let rest: Buffer = Buffer.alloc(0);
    for (let atEnd = false; !atEnd; ) {
      const size = Math.max(chunking.bytes, rest.length * 2);
      let bytes = Buffer.from((size === chunking.bytes ? this.spare.pop() : undefined) ?? new SharedArrayBuffer(size));
      let filled = rest.copy(bytes);
      let length = 0;
      for (;;) {
        const read = this.readInto(bytes, filled, position);
        position += read;
        filled += read;
        if (read === 0) {
          atEnd = true;
          length = filled;
          break;
        }
        if (filled < bytes.length) continue;
        length = bytes.lastIndexOf(LF) + 1;
        if (length > 0) break;
        const grown = Buffer.from(new SharedArrayBuffer(bytes.length * 2));
        bytes.copy(grown);
        bytes = grown;
      }
      // Copied out: by the time the next chunk is read, this one's memory may be recycled.
      rest = Buffer.from(bytes.subarray(length, filled));
      const counts = countLines(bytes.subarray(0, length), record, line, ownerOf);
      if (counts.records > 0) {
        const chunk = { buffer: bytes.buffer as SharedArrayBuffer, length, records: counts.records, record, line, bounds: counts.bounds };
        yield counts.owners === undefined ? chunk : { ...chunk, owners: counts.owners };
      }
      record += counts.records;
      line += counts.lines;
    }
  }

  /**
   * Every worker is done with `chunk` (it has its results): its memory is read into again.
   * Fresh memory for every chunk would pile up here until this thread next collects garbage,
   * which, with little else allocated here, is seldom (some 50 MB on the 1M-row bench).
   */
  recycle(chunk: LedgerChunk): void {
    if (chunk.buffer.byteLength === chunking.bytes) this.spare.push(chunk.buffer);
  }

  close(): void {
    closeSync(this.fd);
  }

  private readInto(bytes: Buffer, at: number, position: number): number {
    try {
      return readSync(this.fd, bytes, at, bytes.length - at, position);
    } catch {
      throw new InputFileError(this.file, "cannot be read");
    }
  }
}

/**
 * Calls `visit` for each record of a chunk, in order: the chunk's bytes and where the record's
 * line is in them (a CR before the LF left out, as the CSV reader takes it off a line's last
 * value), its number and its physical line, as the chunk's bounds give them (the lines are not
 * looked for again). The bytes are the chunk's memory, only to be read while `visit` runs (the
 * main thread reads into it again once the results are in).
 */
export function forEachLine(chunk: LedgerChunk, visit: (bytes: Buffer, from: number, end: number, record: number, line: number) => void): void {
  const bytes = Buffer.from(chunk.buffer, 0, chunk.length);
  const bounds = chunk.bounds;
  for (let index = 0; index < chunk.records; index++) {
    visit(bytes, bounds[3 * index]!, bounds[3 * index + 1]!, chunk.record + index, bounds[3 * index + 2]!);
  }
}

/**
 * The records readCsv gives (a RecordSource), read from a plain file as whole lines, each split
 * at the delimiter, without the CSV parser; any other file is read by readCsv. With `lines`,
 * a plain file's records it takes from their bytes are not even decoded, nor given: a reader of
 * the catalogue reads its clean records that way, and a worker passes over other workers'. Each
 * chunk's batch is given, even an empty one, once `lines` has seen its records.
 */
export async function readPlainOrCsv(
  file: string,
  onHeader: (header: string[]) => void,
  onBatch: (records: CsvRecord[]) => void | Promise<void>,
  lines?: LineReader,
): Promise<void> {
  const plain = PlainLedger.open(file);
  if (plain === undefined) return readCsv(file, onHeader, onBatch);
  try {
    onHeader(plain.header);
    const take = lines?.(plain.header, plain.delimiter);
    for (const chunk of plain.chunks()) {
      const records: CsvRecord[] = [];
      forEachLine(chunk, (bytes, from, end, record, line) => {
        if (take?.(bytes, from, end, record, line)) return;
        records.push({ values: bytes.toString("utf8", from, end).split(plain.delimiter), record, line });
      });
      plain.recycle(chunk);
      const held = onBatch(records);
      if (held) await held;
    }
  } finally {
    plain.close();
  }
}

/** The owner of a record from its bytes (see RecordDealer.ownerOfBytes). */
export type RecordOwner = (bytes: Uint8Array, from: number, end: number, record: number) => number;

/** Owners and bounds of a chunk's records as they are found (a chunk rarely holds more than a few thousand). */
let ownersFound = new Uint8Array(1 << 12);
let boundsFound = new Int32Array(3 << 12);

/**
 * Physical lines and records (lines that are not blank) in whole lines of the file, the first
 * record numbered `record` on physical line `line`; each record's bounds (see LedgerChunk), and
 * with `ownerOf`, its owner.
 */
function countLines(bytes: Buffer, record: number, line: number, ownerOf?: RecordOwner): { lines: number; records: number; bounds: Int32Array; owners?: Uint8Array } {
  let lines = 0;
  let records = 0;
  for (let from = 0; from < bytes.length; lines++) {
    const lineEnd = bytes.indexOf(LF, from);
    const end = lineEnd < 0 ? bytes.length : lineEnd;
    const content = contentEnd(bytes, from, end);
    if (content > from) {
      if (records === ownersFound.length) {
        const grown = new Uint8Array(records * 2);
        grown.set(ownersFound);
        ownersFound = grown;
        const grownBounds = new Int32Array(records * 6);
        grownBounds.set(boundsFound);
        boundsFound = grownBounds;
      }
      boundsFound[3 * records] = from;
      boundsFound[3 * records + 1] = content;
      boundsFound[3 * records + 2] = line + lines;
      if (ownerOf !== undefined) ownersFound[records] = ownerOf(bytes, from, content, record + records);
      records++;
    }
    from = end + 1;
  }
  const bounds = boundsFound.slice(0, 3 * records);
  return ownerOf === undefined ? { lines, records, bounds } : { lines, records, bounds, owners: ownersFound.slice(0, records) };
}

/** Where a line's content ends: before a CR that ends it (a CRLF line end). */
function contentEnd(bytes: Buffer, from: number, end: number): number {
  return end > from && bytes[end - 1] === CR ? end - 1 : end;
}

/** Whether the file holds a quote anywhere (then quoting rules apply, which the CSV reader knows). */
function holdsQuote(fd: number): boolean {
  const bytes = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; ; ) {
    const read = readSync(fd, bytes, 0, bytes.length, position);
    if (read === 0) return false;
    if (bytes.subarray(0, read).indexOf(QUOTE) >= 0) return true;
    position += read;
  }
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
