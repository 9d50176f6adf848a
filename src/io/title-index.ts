/**
 * Title ids to catalogue ordinals, in flat typed arrays: open addressing over FNV-1a hashes,
 * with the ids' characters side by side. A ledger row's lookup touches two or three compact
 * arrays, where a Map's entries and id strings lie spread over the heap and out of cache.
 */
export class TitleIndex {
  /** Per slot: 1 + the ordinal of the id there, 0 where empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The ids' UTF-16 code units by ordinal: id n is `chars[starts[n] .. starts[n + 1]]`. */
  private readonly chars: Uint16Array;
  private readonly starts: Int32Array;

  /** `ids[n]` is the id of ordinal n (undefined where no title has that ordinal). */
  constructor(ids: readonly (string | undefined)[]) {
    let size = 16;
    while (size < ids.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.starts = new Int32Array(ids.length + 1);
    this.chars = new Uint16Array(ids.reduce((sum, id) => sum + (id?.length ?? 0), 0));
    let at = 0;
    ids.forEach((id, ordinal) => {
      this.starts[ordinal] = at;
      if (id === undefined) return;
      for (let i = 0; i < id.length; i++) this.chars[at++] = id.charCodeAt(i);
      let slot = fnv1a(id) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = ordinal + 1;
    });
    this.starts[ids.length] = at;
  }

  /** The ordinal of `id`, or -1 if no title has it. */
  ordinalOf(id: string): number {
    for (let slot = fnv1a(id) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.holds(entry - 1, id)) return entry - 1;
    }
  }

  private holds(ordinal: number, id: string): boolean {
    const start = this.starts[ordinal]!;
    if (this.starts[ordinal + 1]! - start !== id.length) return false;
    const chars = this.chars;
    for (let i = 0; i < id.length; i++) if (chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }
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
