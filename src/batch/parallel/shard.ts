import { fnv1a } from "../../io/title-index.js";

/**
 * Which worker owns a title: a stable hash of its id (FNV-1a), so every row of a title goes to
 * the same worker and its chronological state stays in one place.
 */
export function shardOf(titleId: string, shards: number): number {
  return fnv1a(titleId) % shards;
}

/**
 * Which worker computes each record of a ledger: the owner of its title. A record that cannot
 * be read as a row has no title to go by; whichever worker gets it (by its number) rejects it.
 */
export class RecordDealer {
  private readonly titleColumn: number;
  private readonly width: number;

  constructor(
    header: readonly string[],
    private readonly shards: number,
  ) {
    this.titleColumn = header.indexOf("title_id");
    this.width = header.length;
  }

  ownerOf(values: readonly string[], record: number, malformed: string | undefined): number {
    if (malformed !== undefined || values.length !== this.width || this.titleColumn < 0) return record % this.shards;
    return shardOf(values[this.titleColumn]!.trim(), this.shards);
  }

  /**
   * ownerOf for a line whose values are `row.split(delimiter)`. With the title in the first
   * column (the usual layout) the line is not split: a worker reads every line of a chunk, most
   * of them other workers'.
   */
  ownerOfRow(row: string, delimiter: string, record: number): number {
    if (this.titleColumn !== 0) return this.ownerOf(row.split(delimiter), record, undefined);
    let fields = 1;
    let titleEnd = row.length;
    for (let at = row.indexOf(delimiter); at >= 0 && fields <= this.width; at = row.indexOf(delimiter, at + delimiter.length)) {
      if (fields === 1) titleEnd = at;
      fields++;
    }
    if (fields !== this.width) return record % this.shards;
    return shardOf(row.slice(0, titleEnd).trim(), this.shards);
  }
}
