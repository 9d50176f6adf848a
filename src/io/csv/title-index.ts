import { asciiString } from "./cell-bytes.js";

/**
 * Title ids to catalogue ordinals, in one flat table: open addressing over FNV-1a hashes, each
 * slot a block of 16 to 64 bytes holding the ordinal, the id's length and the id itself (ids
 * longer than the largest slot holds are kept aside). A ledger row's lookup reads one block,
 * where a Map's entries and id strings lie spread over the heap, out of cache over a large
 * catalogue. Slots are as small as the catalogue's ids allow, and the table is sized for the
 * titles it holds, so that it stays in cache as far as it can.
 */
export class TitleIndex {
  /** `slot` ints per slot: 1 + ordinal (0: empty), id length, then the id's UTF-16 code units two by two. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Ints per slot (a power of two), and the characters a slot holds. */
  private readonly slot: number;
  private readonly inline: number;
  /** Ids longer than fit in a slot, by ordinal. */
  private readonly long = new Map<number, string>();

  /** `ids[n]` is the id of ordinal n (undefined where no title has that ordinal). */
  constructor(ids: readonly (string | undefined)[]) {
    let count = 0;
    let longest = 0;
    for (const id of ids) {
      if (id === undefined) continue;
      count++;
      longest = Math.max(longest, id.length);
    }
    let slot = MIN_SLOT;
    while (slot < MAX_SLOT && (slot - 2) * 2 < longest) slot *= 2;
    this.slot = slot;
    this.inline = (slot - 2) * 2;
    let slots = 16;
    while (slots < count * 2) slots *= 2;
    const table = new Int32Array(slots * slot);
    const mask = slots - 1;
    const inline = this.inline;
    for (let ordinal = 0; ordinal < ids.length; ordinal++) {
      const id = ids[ordinal];
      if (id === undefined) continue;
      let at = (fnv1a(id) & mask) * slot;
      while (table[at] !== 0) at = (at + slot) & (table.length - 1);
      table[at] = ordinal + 1;
      table[at + 1] = id.length;
      if (id.length > inline) this.long.set(ordinal, id);
      else for (let i = 0; i < id.length; i++) table[at + 2 + (i >> 1)]! |= id.charCodeAt(i) << ((i & 1) * 16);
    }
    this.table = table;
    this.mask = mask;
  }

  /** The ordinal of `id`, or -1 if no title has it. */
  ordinalOf(id: string): number {
    const table = this.table;
    const slot = this.slot;
    const wrap = table.length - 1;
    const length = id.length;
    for (let at = (fnv1a(id) & this.mask) * slot; ; at = (at + slot) & wrap) {
      const entry = table[at]!;
      if (entry === 0) return -1;
      if (table[at + 1] !== length) continue;
      if (length > this.inline) {
        if (this.long.get(entry - 1) === id) return entry - 1;
        continue;
      }
      let same = true;
      for (let i = 0; i < length && same; i += 2) {
        const pair = id.charCodeAt(i) | (i + 1 < length ? id.charCodeAt(i + 1) << 16 : 0);
        same = table[at + 2 + (i >> 1)] === pair;
      }
      if (same) return entry - 1;
    }
  }

  /**
   * ordinalOf for the id whose UTF-8 bytes are `bytes` from `from` to `end`, where they are all
   * ASCII (then bytes and UTF-16 code units are alike); undefined where one is not.
   */
  ordinalOfBytes(bytes: Buffer, from: number, end: number): number | undefined {
    const hash = fnv1aAscii(bytes, from, end);
    if (hash < 0) return undefined;
    const table = this.table;
    const slot = this.slot;
    const wrap = table.length - 1;
    const length = end - from;
    for (let at = (hash & this.mask) * slot; ; at = (at + slot) & wrap) {
      const entry = table[at]!;
      if (entry === 0) return -1;
      if (table[at + 1] !== length) continue;
      if (length > this.inline) {
        if (this.long.get(entry - 1) === asciiString(bytes, from, end)) return entry - 1;
        continue;
      }
      let same = true;
      for (let i = 0; i < length && same; i += 2) {
        const pair = bytes[from + i]! | (i + 1 < length ? bytes[from + i + 1]! << 16 : 0);
        same = table[at + 2 + (i >> 1)] === pair;
      }
      if (same) return entry - 1;
    }
  }
}

/** Ints per slot: 4 (16 bytes, ids up to 4 characters) to 16 (64 bytes, one cache line; up to 28). */
const MIN_SLOT = 4;
const MAX_SLOT = 16;

/** FNV-1a over UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** fnv1a of the text whose UTF-8 bytes these are, where they are all ASCII (then bytes and UTF-16 code units are alike); -1 where one is not. */
export function fnv1aAscii(bytes: Uint8Array, from: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < end; at++) {
    const byte = bytes[at]!;
    if (byte > 0x7f) return -1;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash >>> 0;
}
