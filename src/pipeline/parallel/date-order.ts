import { parseDay } from "../../domain/days.js";
import { dayFromBytes } from "../../io/csv/cell-bytes.js";
import { chunking, fieldAt, FOUND, forEachRecord, recordValues, type CsvFile } from "../../io/csv/records.js";
import { InputFileError } from "../../io/csv/column-reader.js";
import type { LedgerChunk } from "./protocol.js";
import type { RecordDealer } from "./shard.js";

/** Records are numbered below this in a sort key (see DateOrder). */
const RECORD_SPAN = 2 ** 28;
/** Added to a day so that every day a date can spell (years 1 to 9999) is at least 0. */
const DAY_OFFSET = 2 ** 20;
/** The key of a record whose period_start cannot be read: it is rejected, so where it is computed does not matter. */
const NO_DAY = -DAY_OFFSET;

/** Ints per record in DateOrder's places. */
const PLACE = 4;

/** A ledger up to this size is read into memory whole to be gathered in date order; a larger one is read record by record. */
export const gathering = { inMemoryBytes: 192 << 20 };

/**
 * An unsorted ledger's records in chronological order (by period start, ties in input order,
 * as the calculator takes them), without holding them as objects: a compact index of each
 * record's sort key, place in the file, length, line and owner (25 bytes a record) is built in
 * one pass, and sorted. A ledger that fits in memory is then read whole into memory the workers
 * share, and each chunk only says where its records are in it: the main thread never touches a
 * record out of file order, and each worker only those it owns. A larger one is read again
 * record by record, in that order, into chunks of their own.
 */
export class DateOrder {
  private constructor(
    private readonly csv: CsvFile,
    /** Record indexes (record number - 1) in date order. */
    private readonly order: Int32Array,
    /**
     * PLACE ints a record, by record index: where it starts in the file (low and high 32
     * bits), its length in bytes (negative for a record cut short, see CsvChunk.cut) and its
     * line. Side by side, so that a record's place, read out of file order, is one cache line.
     */
    private readonly places: Int32Array,
    /** By record index: its worker, found while the ledger was read in file order (see RecordDealer.ownerOfBytes). */
    private readonly owners: Uint8Array,
    /** Indexes of the records that hold a NUL byte (they are read as text, which rejects them). */
    private readonly withNul: ReadonlySet<number>,
  ) {}

  /**
   * Whether the ledger's first chunk of records already has a title whose period starts go
   * back, as in a shuffled ledger: titles are told apart by a hash of their id's bytes, so two
   * may be taken for one, which costs only the file-order pass it would have had (date order
   * gives the same lines). Records whose title or start its bytes do not plainly give are passed over.
   */
  static outOfOrderFromStart(csv: CsvFile, dealer: RecordDealer): boolean {
    const startColumn = csv.header.indexOf("period_start");
    if (startColumn < 0) return false;
    const chunks = csv.chunks();
    const first = chunks.next();
    chunks.return(undefined);
    if (first.done) return false;
    const latest = new Map<number, number>();
    const start = new Int32Array(2);
    let disorder = false;
    forEachRecord(first.value, (bytes, from, end, _record, _line, cut) => {
      if (disorder || cut) return;
      const hash = dealer.titleHashOfBytes(bytes, from, end);
      const day = startDayOfBytes(bytes, from, end, startColumn, start);
      if (hash < 0 || day === undefined) return;
      if (day < (latest.get(hash) ?? day)) disorder = true;
      else latest.set(hash, day);
    });
    csv.recycle(first.value);
    return disorder;
  }

  /** Indexes the ledger: one pass over `csv`, whose header names its columns; `dealer` finds each record's worker. */
  static build(csv: CsvFile, dealer: RecordDealer, progress?: (records: number) => void): DateOrder {
    const column = csv.header.indexOf("period_start");
    const field = new Int32Array(2);
    const size = csv.size();
    let capacity = 1 << 16;
    let keys = new Float64Array(capacity);
    let places = new Int32Array(PLACE * capacity);
    let owners = new Uint8Array(capacity);
    const withNul = new Set<number>();
    let count = 0;
    for (const chunk of csv.chunks()) {
      if (count + chunk.records > capacity) {
        // Sized from what the records so far take, so the arrays mostly grow once.
        const estimate = Math.ceil(((count + chunk.records) * size) / (chunk.position + chunk.length) * 1.1) + chunk.records;
        capacity = Math.max(estimate, 2 * capacity);
        keys = grown(keys, capacity);
        places = grown(places, PLACE * capacity);
        owners = grown(owners, capacity);
      }
      forEachRecord(chunk, (bytes, from, end, record, line, cut) => {
        if (record >= RECORD_SPAN) throw new InputFileError(csv.file, `has more than ${RECORD_SPAN - 1} records, more than an unsorted ledger can have`);
        let day: number | undefined;
        if (!cut && column >= 0) {
          day = startDayOfBytes(bytes, from, end, column, field);
          // As the usage reader reads it: the cell's text, trimmed.
          if (day === undefined) day = parseDay(recordValues(bytes, from, end).values[column]?.trim() ?? "");
        }
        keys[count] = ((day ?? NO_DAY) + DAY_OFFSET) * RECORD_SPAN + (record - 1);
        const position = chunk.position + from;
        places[PLACE * count] = position % 2 ** 32;
        places[PLACE * count + 1] = Math.floor(position / 2 ** 32);
        places[PLACE * count + 2] = cut ? -(end - from) : end - from;
        places[PLACE * count + 3] = line;
        owners[count] = dealer.ownerOfBytes(bytes, from, end, record);
        if (chunk.nul && bytes.subarray(from, end).indexOf(0) >= 0) withNul.add(count);
        count++;
      });
      progress?.(count);
      csv.recycle(chunk);
    }
    const sorted = keys.subarray(0, count);
    sorted.sort();
    // The record indexes alone from here on: a double's remainder on every read costs more than
    // this pass. Written over the keys, in place: index i takes bytes 4i..4i+3, which belong to
    // key i/2, already read; no second array is held beside the keys.
    const order = new Int32Array(sorted.buffer, 0, count);
    for (let i = 0; i < count; i++) order[i] = sorted[i]! % RECORD_SPAN;
    return new DateOrder(csv, order, places, owners, withNul);
  }

  get records(): number {
    return this.order.length;
  }

  /** The records in date order, in chunks (with their numbers and owners). */
  chunks(): Generator<LedgerChunk> {
    const size = this.csv.size();
    if (size > gathering.inMemoryBytes) return this.readChunks();
    const whole = new SharedArrayBuffer(size);
    this.csv.read(new Uint8Array(whole), 0, size, 0);
    return this.sharedChunks(whole);
  }

  /** Chunks of the whole ledger in memory: each says where its records are in it, and holds none. */
  private *sharedChunks(whole: SharedArrayBuffer): Generator<LedgerChunk> {
    const order = this.order;
    const places = this.places;
    // As many records a chunk as the bytes of a chunk in file order hold, about.
    const recordsPerChunk = Math.max(1, Math.floor(chunking.bytes / Math.max(1, whole.byteLength / Math.max(1, order.length))));
    for (let next = 0; next < order.length; next += recordsPerChunk) {
      const count = Math.min(recordsPerChunk, order.length - next);
      const { bounds, numbers, owners, cut, nul } = this.chunkIndex(next, count);
      for (let i = 0; i < count; i++) {
        const place = PLACE * (numbers[i]! - 1);
        bounds[3 * i] = places[place]!;
        bounds[3 * i + 1] = places[place]! + Math.abs(places[place + 2]!);
      }
      const chunk = { buffer: whole, length: whole.byteLength, position: 0, records: count, record: numbers[0]!, bounds, nul, owners, numbers };
      yield cut.length > 0 ? { ...chunk, cut } : chunk;
    }
  }

  /** Chunks of records read from the file one by one, each chunk in memory of its own. */
  private *readChunks(): Generator<LedgerChunk> {
    const order = this.order;
    const places = this.places;
    const size = chunking.bytes;
    let next = 0;
    while (next < order.length) {
      // As many records as fill a chunk (at least one, however long).
      let bytesNeeded = 0;
      let last = next;
      for (; last < order.length; last++) {
        const length = Math.abs(places[PLACE * order[last]! + 2]!);
        if (bytesNeeded + length > size && last > next) break;
        bytesNeeded += length;
      }
      const count = last - next;
      const bytes = Buffer.from(new SharedArrayBuffer(Math.max(size, bytesNeeded)));
      const { bounds, numbers, owners, cut, nul } = this.chunkIndex(next, count);
      let at = 0;
      for (let i = 0; i < count; i++) {
        const place = PLACE * (numbers[i]! - 1);
        const position = (places[place]! >>> 0) + places[place + 1]! * 2 ** 32;
        const length = Math.abs(places[place + 2]!);
        this.csv.read(bytes, at, length, position);
        bounds[3 * i] = at;
        bounds[3 * i + 1] = at + length;
        at += length;
      }
      next = last;
      const chunk = { buffer: bytes.buffer as SharedArrayBuffer, length: at, position: -1, records: count, record: numbers[0]!, bounds, nul, owners, numbers };
      yield cut.length > 0 ? { ...chunk, cut } : chunk;
    }
  }

  /**
   * What a chunk of `count` records from `next` on in date order says of them, but for where
   * they are (each record's start and end, in `bounds`, are left to fill): their numbers,
   * lines, owners, which are cut short and whether one holds a NUL byte.
   */
  private chunkIndex(next: number, count: number) {
    const bounds = new Int32Array(3 * count);
    const numbers = new Int32Array(count);
    const owners = new Uint8Array(count);
    const cut: number[] = [];
    let nul = false;
    for (let i = 0; i < count; i++) {
      const index = this.order[next + i]!;
      const place = PLACE * index;
      bounds[3 * i + 2] = this.places[place + 3]!;
      numbers[i] = index + 1;
      owners[i] = this.owners[index]!;
      if (this.places[place + 2]! < 0) cut.push(i);
      if (this.withNul.size > 0 && this.withNul.has(index)) nul = true;
    }
    return { bounds, numbers, owners, cut, nul };
  }
}

/** A record's period start where its bytes plainly give it (`field`: where its cell is found). */
function startDayOfBytes(bytes: Uint8Array, from: number, end: number, column: number, field: Int32Array): number | undefined {
  return fieldAt(bytes, from, end, column, field) === FOUND ? dayFromBytes(bytes, field[0]!, field[1]!) : undefined;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
