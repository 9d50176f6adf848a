import { isAsciiSpace } from "../../io/csv/column-reader.js";
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
   * ownerOf for a line whose values are `row.split(delimiter)`. With the title in the first
   * column (the usual layout) the line is not split: a worker reads every line of a chunk, most
   * of them other workers'.
   */
  ownerOfRow(row: string, delimiter: string, record: number): number {
    if (this.titleColumn !== 0) return this.ownerOf(row.split(delimiter), record, undefined);
    const titleEnd = row.indexOf(delimiter);
    return shardOf((titleEnd < 0 ? row : row.slice(0, titleEnd)).trim(), this.shards);
  }

  /**
   * ownerOf for a line of a plain ledger from its bytes (`from` .. `end`, line end excluded),
   * read on the main thread so the workers need not, up to the end of its title: the owner
   * ownerOf gives for its text, or UNDECIDED where bytes alone cannot tell (a delimiter that is
   * not one ASCII byte, a title id with a byte outside ASCII, whose text hash and trimming
   * differ from its bytes').
   */
  ownerOfBytes(bytes: Uint8Array, from: number, end: number, record: number, delimiter: number): number {
    if (delimiter < 0 || delimiter > 0x7f) return UNDECIDED;
    if (this.titleColumn < 0) return record % this.shards;
    // The field the scan is in; the title's bytes are those of field titleColumn.
    let field = 0;
    let titleStart = from;
    let titleEnd = end;
    for (let at = from; at < end; at++) {
      if (bytes[at] !== delimiter) continue;
      if (field === this.titleColumn) {
        titleEnd = at;
        break;
      }
      field++;
      if (field === this.titleColumn) titleStart = at + 1;
    }
    if (field < this.titleColumn) return record % this.shards;
    while (titleStart < titleEnd && isAsciiSpace(bytes[titleStart]!)) titleStart++;
    while (titleEnd > titleStart && isAsciiSpace(bytes[titleEnd - 1]!)) titleEnd--;
    const hash = fnv1aAscii(bytes, titleStart, titleEnd);
    return hash < 0 ? UNDECIDED : hash % this.shards;
  }
}

/** In a chunk's owners: the main thread could not tell (see ownerOfBytes). */
export const UNDECIDED = 255;
