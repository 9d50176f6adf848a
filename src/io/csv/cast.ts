import type { CastList, CastMember, Catalogue } from "../../domain/inputs.js";
import type { Dec } from "../../money/decimal.js";
import { plainDecimalFromBytes } from "./cell-bytes.js";
import { readTable, type FileShare, type RecordSource, type Rejection } from "./column-reader.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { parseDecimal, parseMoney } from "./cell-values.js";

const CAST_COLUMNS = [
  { name: "title_id", required: true },
  { name: "performer_id", required: true },
  { name: "name", required: false },
  { name: "tam", required: false, parse: parseMoney, parseBytes: plainDecimalFromBytes },
  { name: "units", required: false, parse: parseDecimal, parseBytes: plainDecimalFromBytes },
] as const;

export interface CastRead {
  /** Performers per title. */
  readonly cast: CastList;
  /** Valid cast rows. */
  readonly used: number;
  readonly read: number;
  readonly rejections: Rejection[];
}

/**
 * Reads the cast file whole, grouped by title in file order; unknown titles and duplicates are
 * rejected. `titles` is the catalogue (read with the same `share`, which goes by title).
 */
export async function readCast(file: string, titles: Catalogue, share?: FileShare, source?: RecordSource): Promise<CastRead> {
  const cast = new Map<string, CastMember[]>();
  /** Where each performer of a title was first seen, for the duplicate's reason. */
  const firstLine = new Map<string, number>();
  let used = 0;
  const { read, rejections } = await readTable(file, CAST_COLUMNS, (cells, record, reject) => {
    // Indexed reads, as for titles: destructuring goes through the iterator protocol.
    const titleId = cells[0] as string;
    const performerId = cells[1] as string;
    const name = cells[2] as string | undefined;
    const tam = cells[3] as Dec | undefined;
    const units = cells[4] as Dec | undefined;
    if (!titles.has(titleId)) return reject("title_id", titleId, UNKNOWN_TITLE);
    const key = `${titleId}\u0000${performerId}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      return reject("performer_id", performerId, `duplicate performer_id for title ${titleId} (first on line ${earlier})`);
    }
    firstLine.set(key, record.line);
    used++;
    const members = cast.get(titleId) ?? [];
    members.push({
      titleId,
      performerId,
      ...(name !== undefined ? { name } : {}),
      ...(tam !== undefined ? { tam } : {}),
      ...(units !== undefined ? { units } : {}),
    });
    cast.set(titleId, members);
  }, share, source);
  return { cast, used, read, rejections };
}
