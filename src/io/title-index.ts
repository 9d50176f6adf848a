/**
 * Title ids to catalogue ordinals, in one flat table: open addressing over FNV-1a hashes, each
 * slot a 64-byte block holding the ordinal, the id's length and (for ids up to 28 characters,
 * which is nearly all) the id itself. A ledger row's lookup reads one block, where a Map's
 * entries and id strings lie spread over the heap, out of cache over a large catalogue.
 */
export class TitleIndex {
  /** SLOT ints per slot: 1 + ordinal (0: empty), id length, then the id's UTF-16 code units two by two. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Ids longer than fit in a slot, by ordinal. */
  private readonly long = new Map<number, string>();

  /** `ids[n]` is the id of ordinal n (undefined where no title has that ordinal). */
  constructor(ids: readonly (string | undefined)[]) {
    let slots = 16;
    while (slots < ids.length * 2) slots *= 2;
    this.table = new Int32Array(slots * SLOT);
    this.mask = slots - 1;
    ids.forEach((id, ordinal) => {
      if (id === undefined) return;
      let slot = fnv1a(id) & this.mask;
      while (this.table[slot * SLOT] !== 0) slot = (slot + 1) & this.mask;
      const at = slot * SLOT;
      this.table[at] = ordinal + 1;
      this.table[at + 1] = id.length;
      if (id.length > INLINE_CHARS) this.long.set(ordinal, id);
      else for (let i = 0; i < id.length; i++) this.table[at + 2 + (i >> 1)]! |= id.charCodeAt(i) << ((i & 1) * 16);
    });
  }

  /** The ordinal of `id`, or -1 if no title has it. */
  ordinalOf(id: string): number {
    const table = this.table;
    const length = id.length;
    for (let slot = fnv1a(id) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT;
      const entry = table[at]!;
      if (entry === 0) return -1;
      if (table[at + 1] !== length) continue;
      if (length > INLINE_CHARS) {
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
}

/** Ints per slot: 16 × 4 bytes, one cache line. */
const SLOT = 16;
const INLINE_CHARS = (SLOT - 2) * 2;

/** FNV-1a over UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
