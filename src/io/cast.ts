import type { CastList, CastMember } from "../engine/inputs.js";
import type { Dec } from "../engine/money.js";
import { readTable, type FileShare, type Rejection } from "./table.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { parseDecimal, parseMoney } from "./values.js";

const CAST_COLUMNS = [
  { name: "title_id", required: true },
  { name: "performer_id", required: true },
  { name: "name", required: false },
  { name: "tam", required: false, parse: parseMoney },
  { name: "units", required: false, parse: parseDecimal },
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
 * rejected. `titleIds` are the catalogue's valid ids (of the same `share`, which goes by title).
 */
export async function readCast(file: string, titleIds: ReadonlySet<string>, share?: FileShare): Promise<CastRead> {
  const cast = new Map<string, CastMember[]>();
  /** Where each performer of a title was first seen, for the duplicate's reason. */
  const firstLine = new Map<string, number>();
  let used = 0;
  const { read, rejections } = await readTable(file, CAST_COLUMNS, (cells, record, reject) => {
    const [titleId, performerId, name, tam, units] = cells as [string, string, string | undefined, Dec | undefined, Dec | undefined];
    if (!titleIds.has(titleId)) return reject("title_id", titleId, UNKNOWN_TITLE);
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
  }, share);
  return { cast, used, read, rejections };
}
