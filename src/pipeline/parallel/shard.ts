import { FEWER_FIELDS, fieldAt, FOUND } from "../../io/csv/records.js";
import { isAsciiSpace } from "../../io/csv/cell-bytes.js";
import { fnv1a, fnv1aAscii } from "../../io/csv/title-index.js";

/**
 * Which worker owns a title: a stable hash of its id (FNV-1a), so every row of a title goes to
 * the same worker and its chronological state stays in one place.
 */
export function shardOf(titleId: string, shards: number): number {
  return fnv1a(titleId) % shards;
}

/**
 * Which worker computes each record of a ledger: the owner of the title its title_id cell names,
 * whether or not the rest of the record is good (a record with the wrong number of fields is
 * rejected by whichever worker gets it). A record without that cell, or whose quoting is
 * broken, has no title to go by: the worker its number gives rejects it.
 */
export class RecordDealer {
  private readonly titleColumn: number;

  constructor(
    header: readonly string[],
    private readonly shards: number,
  ) {
    this.titleColumn = header.indexOf("title_id");
  }

  ownerOf(values: readonly string[], record: number, malformed: string | undefined): number {
    if (malformed !== undefined || this.titleColumn < 0 || values.length <= this.titleColumn) return record % this.shards;
    return shardOf(values[this.titleColumn]!.trim(), this.shards);
  }

  /**
   * ownerOf for a record from its bytes (`from` .. `end`, line end excluded), read on the main
   * thread so the workers need not, up to the end of its title: the owner ownerOf gives for its
   * text, or UNDECIDED where bytes alone cannot tell (a title id quoted with a doubled quote in
   * it, or with a byte outside ASCII, whose text hash and trimming differ from its bytes').
   */
  ownerOfBytes(bytes: Uint8Array, from: number, end: number, record: number): number {
    const hash = this.titleHashOfBytes(bytes, from, end);
    if (hash === NO_TITLE) return record % this.shards;
    return hash === UNTOLD_TITLE ? UNDECIDED : hash % this.shards;
  }

  /**
   * The hash of a record's title id (FNV-1a, trimmed), from its bytes: NO_TITLE where the
   * ledger has no title_id column or the record ends before it, UNTOLD_TITLE where bytes alone
   * cannot tell (see ownerOfBytes).
   */
  titleHashOfBytes(bytes: Uint8Array, from: number, end: number): number {
    if (this.titleColumn < 0) return NO_TITLE;
    const title = this.title;
    const found = fieldAt(bytes, from, end, this.titleColumn, title);
    if (found === FEWER_FIELDS) return NO_TITLE;
    if (found !== FOUND) return UNTOLD_TITLE;
    let titleStart = title[0]!;
    let titleEnd = title[1]!;
    while (titleStart < titleEnd && isAsciiSpace(bytes[titleStart]!)) titleStart++;
    while (titleEnd > titleStart && isAsciiSpace(bytes[titleEnd - 1]!)) titleEnd--;
    const hash = fnv1aAscii(bytes, titleStart, titleEnd);
    return hash < 0 ? UNTOLD_TITLE : hash;
  }

  /** Where titleHashOfBytes finds the title's bytes. */
  private readonly title = new Int32Array(2);
}

/** titleHashOfBytes: the record has no title_id cell. */
export const NO_TITLE = -1;
/** titleHashOfBytes: bytes alone cannot tell the title (a doubled quote, a byte outside ASCII). */
export const UNTOLD_TITLE = -2;

/** In a chunk's owners: the main thread could not tell (see ownerOfBytes). */
export const UNDECIDED = 255;
