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
 * record's sort key, place in the file, length and line (24 bytes a record) is built in one pass,
 * sorted, and the records are then read again in that order into chunks of their own.
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
  ) {}

  /** Indexes the ledger: one pass over `csv`, whose header names its columns. */
  static build(csv: CsvFile, progress?: (records: number) => void): DateOrder {
    const column = csv.header.indexOf("period_start");
    const field = new Int32Array(2);
    const size = csv.size();
    let capacity = 1 << 16;
    let keys = new Float64Array(capacity);
    let places = new Int32Array(PLACE * capacity);
    let count = 0;
    for (const chunk of csv.chunks()) {
      if (count + chunk.records > capacity) {
        // Sized from what the records so far take, so the arrays mostly grow once.
        const estimate = Math.ceil(((count + chunk.records) * size) / (chunk.position + chunk.length) * 1.1) + chunk.records;
        capacity = Math.max(estimate, 2 * capacity);
        keys = grown(keys, capacity);
        places = grown(places, PLACE * capacity);
      }
      forEachRecord(chunk, (bytes, from, end, record, line, cut) => {
        if (record >= RECORD_SPAN) throw new InputFileError(csv.file, `has more than ${RECORD_SPAN - 1} records, more than an unsorted ledger can have`);
        let day: number | undefined;
        if (!cut && column >= 0) {
          day = fieldAt(bytes, from, end, column, field) === FOUND ? dayFromBytes(bytes, field[0]!, field[1]!) : undefined;
          // As the usage reader reads it: the cell's text, trimmed.
          if (day === undefined) day = parseDay(recordValues(bytes, from, end).values[column]?.trim() ?? "");
        }
        keys[count] = ((day ?? NO_DAY) + DAY_OFFSET) * RECORD_SPAN + (record - 1);
        const position = chunk.position + from;
        places[PLACE * count] = position % 2 ** 32;
        places[PLACE * count + 1] = Math.floor(position / 2 ** 32);
        places[PLACE * count + 2] = cut ? -(end - from) : end - from;
        places[PLACE * count + 3] = line;
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
    return new DateOrder(csv, order, places);
  }

  get records(): number {
    return this.order.length;
  }

  /**
   * The records in date order, in chunks of their own (with their numbers), each record's owner
   * found as for a chunk in file order.
   */
  *chunks(dealer: RecordDealer): Generator<LedgerChunk> {
    const whole = this.csv.size() <= gathering.inMemoryBytes ? Buffer.allocUnsafe(this.csv.size()) : undefined;
    if (whole !== undefined) this.csv.read(whole, 0, whole.length, 0);
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
      const bounds = new Int32Array(3 * count);
      const numbers = new Int32Array(count);
      const owners = new Uint8Array(count);
      const cut: number[] = [];
      let at = 0;
      for (let i = 0; i < count; i++) {
        const index = order[next + i]!;
        const place = PLACE * index;
        const position = (places[place]! >>> 0) + places[place + 1]! * 2 ** 32;
        const length = places[place + 2]!;
        const size = Math.abs(length);
        if (whole === undefined) this.csv.read(bytes, at, size, position);
        else whole.copy(bytes, at, position, position + size);
        bounds[3 * i] = at;
        bounds[3 * i + 1] = at + size;
        bounds[3 * i + 2] = places[place + 3]!;
        numbers[i] = index + 1;
        owners[i] = dealer.ownerOfBytes(bytes, at, at + size, index + 1);
        if (length < 0) cut.push(i);
        at += size;
      }
      next = last;
      const chunk = { buffer: bytes.buffer as SharedArrayBuffer, length: at, position: -1, records: count, record: numbers[0]!, bounds, nul: bytes.subarray(0, at).indexOf(0) >= 0, owners, numbers };
      yield cut.length > 0 ? { ...chunk, cut } : chunk;
    }
  }
}

function grown<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
