import { centsText } from "../../money/scaled.js";
import { csvText, isCsvSpecial } from "./spreadsheet-safety.js";

/**
 * Text written straight into a growing buffer as UTF-8, piece by piece. Payment lines are made
 * of many short pieces (cells, commas): written this way, no string is built for a whole line
 * and none has to be flattened, copied to another thread or encoded again before it is written.
 */
export class Utf8Buffer {
  bytes: Uint8Array;
  /** Bytes written so far, from the start of `bytes`. */
  length = 0;

  /** A capacity, or memory to write into (its content is overwritten). */
  constructor(memory: number | Uint8Array = 1 << 16) {
    this.bytes = typeof memory === "number" ? new Uint8Array(memory) : memory;
  }

  /** Writes a string: ASCII byte by byte (most cells are short), anything else by the encoder. */
  text(piece: string): void {
    const stop = this.asciiRun(piece, false);
    // The rest as UTF-8 (stop is never inside a surrogate pair: everything before it is ASCII).
    if (stop >= 0) this.length += encoder.encodeInto(stop === 0 ? piece : piece.slice(stop), this.bytes.subarray(this.length)).written;
  }

  /**
   * Writes a text cell as csvText writes it: in one pass where nothing in it needs changing
   * (the common case), else the text csvText makes of it.
   */
  csvText(cell: string): void {
    const start = this.length;
    if (this.asciiRun(cell, true) < 0) return;
    this.length = start;
    this.text(csvText(cell));
  }

  /**
   * Writes the characters of `piece` up to the first that is not ASCII (or, with `csv`, that
   * makes csvText change the cell): its index, or -1 when all were written. Room is made for
   * the whole piece as UTF-8.
   */
  private asciiRun(piece: string, csv: boolean): number {
    const count = piece.length;
    if (this.length + count * 3 > this.bytes.length) this.grow(count * 3);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < count; i++) {
      const code = piece.charCodeAt(i);
      if (code >= 0x80 || (csv && isCsvSpecial(code, i))) {
        this.length = at;
        return i;
      }
      bytes[at++] = code;
    }
    this.length = at;
    return -1;
  }

  /** Writes one ASCII character, by its code. */
  ascii(code: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = code;
  }

  /** Writes a whole number ≥ 0 in decimal digits. */
  digits(value: number): void {
    this.decimal(value, 0);
  }

  /** Writes cents as centsText writes them ("1234.56", "-0.05"), from the number where it holds them exactly. */
  cents(cents: bigint): void {
    const small = Number(cents);
    if (Number.isSafeInteger(small)) this.decimal(small, 2);
    else this.text(centsText(cents));
  }

  /**
   * Writes value × 10^-scale as plain decimal text: a minus if it is negative, the whole part
   * ("0" at least), then, if scale > 0, the point and exactly `scale` decimals. `value` is a
   * safe integer (exact in a number).
   */
  decimal(value: number, scale: number): void {
    if (this.length + 24 + scale > this.bytes.length) this.grow(24 + scale);
    const bytes = this.bytes;
    if (value < 0) {
      bytes[this.length++] = 0x2d;
      value = -value;
    }
    let end = this.length + Math.max(decimalWidth(value), scale + 1) + (scale > 0 ? 1 : 0);
    this.length = end;
    for (let i = 0; i < scale; i++) {
      bytes[--end] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
    if (scale > 0) bytes[--end] = 0x2e;
    do {
      bytes[--end] = 48 + (value % 10);
      value = Math.floor(value / 10);
    } while (value > 0);
  }

  /** Writes all of `source` (bytes made once and written many times). */
  write(source: Uint8Array): void {
    if (this.length + source.length > this.bytes.length) this.grow(source.length);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  /** Writes bytes from elsewhere: `source` from `from` to `to`. */
  copy(source: Uint8Array, from: number, to: number): void {
    if (this.length + (to - from) > this.bytes.length) this.grow(to - from);
    this.bytes.set(source.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Writes again the bytes written from `from` to `to` (a run of cells that lines share). */
  repeat(from: number, to: number): void {
    if (this.length + (to - from) > this.bytes.length) this.grow(to - from);
    this.bytes.copyWithin(this.length, from, to);
    this.length += to - from;
  }

  /** The bytes written, as a view (valid until the next write or clear). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  private grow(needed: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.view());
    this.bytes = grown;
  }
}

const encoder = new TextEncoder();

/** Digits of a whole number ≥ 0 (exact up to 2^53). */
function decimalWidth(value: number): number {
  let width = 1;
  for (let bound = 10; value >= bound && width < 16; bound *= 10) width++;
  return width;
}
