import { asciiString } from "./cell-bytes.js";

/**
 * Title ids to catalogue ordinals, in one flat table: open addressing over FNV-1a hashes, each
 * slot a block of 16 to 64 bytes holding the ordinal and the id itself, a byte per character
 * (ids a slot cannot hold, being long or having a character above U+00FF or a NUL, are kept
 * aside). A ledger row's lookup reads one block, where a Map's entries and id strings lie
 * spread over the heap, out of cache over a large catalogue. Slots are as small as the
 * catalogue's ids allow, and the table as small as keeps its probes short, so that it stays in
 * cache as far as it can: each row's lookup is in a random place of it.
 */
export class TitleIndex {
  /** `slot` ints per slot: 1 + ordinal (0: empty), then the id's characters four to an int, zero after its end. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Ints per slot (a power of two), and the characters a slot holds. */
  private readonly slot: number;
  private readonly inline: number;
  /** Ordinals of the ids no slot holds (see fitsSlot). */
  private readonly aside = new Map<string, number>();

  /** `ids[n]` is the id of ordinal n (undefined where no title has that ordinal). */
  constructor(ids: readonly (string | undefined)[]) {
    let count = 0;
    let longest = 0;
    for (const id of ids) {
      if (id === undefined) continue;
      count++;
      if (fitsSlot(id, MAX_INLINE)) longest = Math.max(longest, id.length);
    }
    let slot = MIN_SLOT;
    while (slot < MAX_SLOT && (slot - 1) * 4 < longest) slot *= 2;
    this.slot = slot;
    this.inline = (slot - 1) * 4;
    // At most four slots in five taken: a lookup probes two or three slots, most in one cache line.
    let slots = 16;
    while (slots < count + (count >> 2)) slots *= 2;
    const table = new Int32Array(slots * slot);
    const mask = slots - 1;
    for (let ordinal = 0; ordinal < ids.length; ordinal++) {
      const id = ids[ordinal];
      if (id === undefined) continue;
      if (!fitsSlot(id, this.inline)) {
        this.aside.set(id, ordinal);
        continue;
      }
      let at = (fnv1a(id) & mask) * slot;
      while (table[at] !== 0) at = (at + slot) & (table.length - 1);
      table[at] = ordinal + 1;
      for (let i = 0; i < id.length; i++) table[at + 1 + (i >> 2)]! |= id.charCodeAt(i) << ((i & 3) * 8);
    }
    this.table = table;
    this.mask = mask;
  }

  /** The ordinal of `id`, or -1 if no title has it. */
  ordinalOf(id: string): number {
    if (!fitsSlot(id, this.inline)) return this.aside.get(id) ?? -1;
    const table = this.table;
    const slot = this.slot;
    const wrap = table.length - 1;
    const length = id.length;
    for (let at = (fnv1a(id) & this.mask) * slot; ; at = (at + slot) & wrap) {
      const entry = table[at]!;
      if (entry === 0) return -1;
      let same = true;
      for (let i = 0; i < length && same; i += 4) {
        let four = 0;
        for (let k = i; k < i + 4 && k < length; k++) four |= id.charCodeAt(k) << ((k & 3) * 8);
        same = table[at + 1 + (i >> 2)] === four;
      }
      if (same && this.endsAt(at, length)) return entry - 1;
    }
  }

  /**
   * ordinalOf for the id whose UTF-8 bytes are `bytes` from `from` to `end`, where they are all
   * ASCII (then bytes and characters are alike); undefined where one is not.
   */
  ordinalOfBytes(bytes: Buffer, from: number, end: number): number | undefined {
    const hash = fnv1aAscii(bytes, from, end);
    if (hash < 0) return undefined;
    const length = end - from;
    if (length > this.inline || hasNul(bytes, from, end)) return this.aside.get(asciiString(bytes, from, end)) ?? -1;
    const table = this.table;
    const slot = this.slot;
    const wrap = table.length - 1;
    for (let at = (hash & this.mask) * slot; ; at = (at + slot) & wrap) {
      const entry = table[at]!;
      if (entry === 0) return -1;
      let same = true;
      for (let i = 0; i < length && same; i += 4) {
        let four = bytes[from + i]!;
        if (i + 1 < length) four |= bytes[from + i + 1]! << 8;
        if (i + 2 < length) four |= bytes[from + i + 2]! << 16;
        if (i + 3 < length) four |= bytes[from + i + 3]! << 24;
        same = table[at + 1 + (i >> 2)] === four;
      }
      if (same && this.endsAt(at, length)) return entry - 1;
    }
  }

  /**
   * Whether the id in the slot at `at`, whose first `length` characters are those looked up,
   * has no more: a last int they fill in part has zero after them already (no id in a slot has
   * a NUL), else the next int is zero or there is none.
   */
  private endsAt(at: number, length: number): boolean {
    if ((length & 3) !== 0) return true;
    const next = length >> 2;
    return next >= this.slot - 1 || this.table[at + 1 + next] === 0;
  }
}

/** Ints per slot: 4 (16 bytes, ids up to 12 characters) to 16 (64 bytes, one cache line; up to 60). */
const MIN_SLOT = 4;
const MAX_SLOT = 16;
const MAX_INLINE = (MAX_SLOT - 1) * 4;

function hasNul(bytes: Uint8Array, from: number, end: number): boolean {
  for (let at = from; at < end; at++) if (bytes[at] === 0) return true;
  return false;
}

/** Whether a slot of `inline` characters holds `id`: each character a byte, none a NUL (zero marks the end). */
function fitsSlot(id: string, inline: number): boolean {
  if (id.length > inline) return false;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code === 0 || code > 0xff) return false;
  }
  return true;
}

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
