import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { temporaryFile } from "../../io/csv/spool.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import { REJECTED } from "./protocol.js";

/** What receives each record's results, in record order. */
export interface RecordResults {
  /** One line body, `bytes` from `from` to `to` (copied before the promise, if any, is settled). */
  body(bytes: Uint8Array, from: number, to: number): Promise<void> | undefined;
  /** May throw (--strict stops at the first rejection); may ask to be waited for, as `body` may. */
  reject(rejection: Rejection): Promise<void> | undefined;
}

/**
 * Results held in memory before they are sorted into runs on disk. Runs are read back
 * sequentially while merged, so a few more of them cost little; memory held here adds to the
 * ledger and its index, which the main thread holds at the same time.
 */
export const heldBytes = { run: 16 << 20 };

/** Bytes of a run file written at a time, and read at a time while runs are merged where they are few. */
const MERGE_READ = 1 << 20;
/**
 * Bytes all the runs' read buffers take together while merged: a ledger of tens of millions of
 * rows spills a hundred runs, whose buffers of MERGE_READ would be 100 MB.
 */
const MERGE_MEMORY = 16 << 20;
/** The smallest read buffer of a run, however many there are. */
const MERGE_READ_LEAST = 64 << 10;

/**
 * An unsorted ledger's results, which come in date order, put back in record (input) order with
 * bounded memory: they are held as bytes (each record: its line count, then its lines' lengths
 * and bodies, or its rejection), and once they fill `heldBytes.run`, sorted by record and
 * written to a temporary file (a run); the runs are merged at the end. Most often there is one
 * run, never written.
 */
export class InputOrder {
  private data = new Uint8Array(1 << 20);
  private view = new DataView(this.data.buffer);
  private used = 0;
  private records: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private offsets: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private count = 0;
  private readonly runs: { path: string; release: () => void }[] = [];

  /** A record's line bodies: `count` of them, `lengths` from `lengthAt` on, their bytes from `at` in `bytes`. */
  addLines(record: number, bytes: Uint8Array, at: number, lengths: Int32Array, lengthAt: number, count: number): void {
    let size = 0;
    for (let k = 0; k < count; k++) size += lengths[lengthAt + k]!;
    const entry = this.entry(record, 4 + 4 * count + size);
    this.view.setInt32(entry, count, true);
    for (let k = 0; k < count; k++) this.view.setInt32(entry + 4 + 4 * k, lengths[lengthAt + k]!, true);
    this.data.set(bytes.subarray(at, at + size), entry + 4 + 4 * count);
  }

  addRejection(record: number, rejection: Rejection): void {
    const text = Buffer.from(JSON.stringify(rejection));
    const entry = this.entry(record, 8 + text.length);
    this.view.setInt32(entry, REJECTED, true);
    this.view.setInt32(entry + 4, text.length, true);
    this.data.set(text, entry + 8);
  }

  /** Hands every record's results on, in record order, and removes the runs. */
  async drain(to: RecordResults): Promise<void> {
    try {
      if (this.runs.length === 0) {
        for (const index of this.sorted()) {
          const waiting = emit(this.data, this.offsets[index]!, to);
          if (waiting) await waiting;
        }
        return;
      }
      if (this.count > 0) this.spill();
      this.data = new Uint8Array(0);
      await merge(
        this.runs.map((run) => run.path),
        to,
      );
    } finally {
      for (const run of this.runs) run.release();
    }
  }

  /** Room for an entry of `size` bytes for `record`: where it starts. */
  private entry(record: number, size: number): number {
    if (this.used + size > heldBytes.run && this.count > 0) this.spill();
    if (this.used + size > this.data.length) {
      // Doubling, but never past the bound (one entry larger than that still fits): the old and
      // the new array are both held while one is copied into the other.
      const grown = new Uint8Array(Math.max(Math.min(this.data.length * 2, heldBytes.run), this.used + size));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
      this.view = new DataView(grown.buffer);
    }
    if (this.count === this.records.length) {
      this.records = grownInts(this.records);
      this.offsets = grownInts(this.offsets);
    }
    const at = this.used;
    this.records[this.count] = record;
    this.offsets[this.count] = at;
    this.count++;
    this.used += size;
    return at;
  }

  /** Entry indexes in record order. */
  private sorted(): Int32Array {
    const keys = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) keys[i] = this.records[i]! * 2 ** 24 + i;
    keys.sort();
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = keys[i]! % 2 ** 24;
    return order;
  }

  /** Writes the held entries, in record order, to a new run: each its record, its size, its bytes. */
  private spill(): void {
    const run = temporaryFile("run");
    this.runs.push(run);
    const fd = openSync(run.path, "w");
    try {
      const out = Buffer.allocUnsafe(MERGE_READ);
      let filled = 0;
      const flush = () => {
        for (let written = 0; written < filled; ) written += writeSync(fd, out, written, filled - written);
        filled = 0;
      };
      const order = this.sorted();
      for (let i = 0; i < order.length; i++) {
        const index = order[i]!;
        const from = this.offsets[index]!;
        const to = index + 1 < this.count ? this.offsets[index + 1]! : this.used;
        if (filled + 8 + (to - from) > out.length) flush();
        out.writeInt32LE(this.records[index]!, filled);
        out.writeInt32LE(to - from, filled + 4);
        filled += 8;
        if (to - from > out.length) {
          flush();
          for (let written = from; written < to; ) written += writeSync(fd, this.data, written, to - written);
        } else {
          out.set(this.data.subarray(from, to), filled);
          filled += to - from;
        }
      }
      flush();
    } finally {
      closeSync(fd);
    }
    this.used = 0;
    this.count = 0;
  }
}

function grownInts(ints: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(ints.length * 2);
  grown.set(ints);
  return grown;
}

/**
 * Hands on one held entry (see InputOrder): its rejection or its line bodies, from line `first`
 * on. Synchronous while `to` keeps up (a million awaits would cost more than the lines'
 * writing); where it asks to wait, the promise of the rest.
 */
function emit(data: Uint8Array, at: number, to: RecordResults, first = 0): Promise<void> | undefined {
  const count = readInt32(data, at);
  if (count === REJECTED) {
    const size = readInt32(data, at + 4);
    return to.reject(JSON.parse(Buffer.from(data.buffer, data.byteOffset + at + 8, size).toString("utf8")) as Rejection);
  }
  let body = at + 4 + 4 * count;
  for (let k = 0; k < first; k++) body += readInt32(data, at + 4 + 4 * k);
  for (let k = first; k < count; k++) {
    const length = readInt32(data, at + 4 + 4 * k);
    const waiting = to.body(data, body, body + length);
    if (waiting && k + 1 < count) return waiting.then(() => emit(data, at, to, k + 1));
    if (waiting) return waiting;
    body += length;
  }
  return undefined;
}

/** A little-endian int32 of `data` at `at` (no view made per entry). */
function readInt32(data: Uint8Array, at: number): number {
  return data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24);
}

/** One run file read entry by entry, in blocks. */
class RunReader {
  private bytes: Buffer;
  private filled = 0;
  private at = 0;
  private position = 0;
  /** The current entry's record (-1 once the run is done) and where its bytes start in `bytes`. */
  record = -1;
  entryAt = 0;

  constructor(
    private readonly fd: number,
    /** Bytes read at a time. */
    private readonly readSize: number,
  ) {
    this.bytes = Buffer.allocUnsafe(readSize);
  }

  /** Moves to the next entry; false at the end of the run. */
  next(): boolean {
    if (!this.have(8)) return (this.record = -1) >= 0;
    const size = this.bytes.readInt32LE(this.at + 4);
    if (!this.have(8 + size)) throw new Error("a run of held results ends early");
    this.record = this.bytes.readInt32LE(this.at);
    this.entryAt = this.at + 8;
    this.at += 8 + size;
    return true;
  }

  get data(): Buffer {
    return this.bytes;
  }

  /** Whether `size` bytes from `at` are in memory, reading more as needed. */
  private have(size: number): boolean {
    if (this.filled - this.at >= size) return true;
    const keep = this.filled - this.at;
    const bytes = size > this.bytes.length ? Buffer.allocUnsafe(Math.max(size, this.readSize)) : this.bytes;
    this.bytes.copy(bytes, 0, this.at, this.filled);
    this.bytes = bytes;
    this.filled = keep;
    this.at = 0;
    for (;;) {
      const read = readSync(this.fd, this.bytes, this.filled, this.bytes.length - this.filled, this.position);
      this.position += read;
      this.filled += read;
      if (read === 0 || this.filled >= size) return this.filled >= size;
    }
  }
}

/** Merges sorted runs by record (a binary heap of the runs, by their current record). */
async function merge(paths: readonly string[], to: RecordResults): Promise<void> {
  const fds = paths.map((path) => openSync(path, "r"));
  try {
    const readSize = Math.max(MERGE_READ_LEAST, Math.min(MERGE_READ, Math.floor(MERGE_MEMORY / fds.length)));
    const heap = fds.map((fd) => new RunReader(fd, readSize)).filter((reader) => reader.next());
    const less = (a: number, b: number) => heap[a]!.record < heap[b]!.record;
    const down = (from: number) => {
      for (let i = from; ; ) {
        const left = 2 * i + 1;
        let least = i;
        if (left < heap.length && less(left, least)) least = left;
        if (left + 1 < heap.length && less(left + 1, least)) least = left + 1;
        if (least === i) return;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    while (heap.length > 0) {
      const reader = heap[0]!;
      const waiting = emit(reader.data, reader.entryAt, to);
      if (waiting) await waiting;
      if (!reader.next()) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length > 0) down(0);
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
