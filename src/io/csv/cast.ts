import type { CastList, CastMember, Catalogue, RejectedCastRecord } from "../../domain/inputs.js";
import type { Dec } from "../../money/decimal.js";
import type { Scaled } from "../../money/scaled.js";
import { moneyFromBytes, plainDecimalFromBytes } from "./cell-bytes.js";
import { readTable, withUnused, type FileShare, type RecordSource, type Rejection } from "./column-reader.js";
import { UNKNOWN_TITLE } from "./titles.js";
import { parseDecimal, parseScaledMoney } from "./cell-values.js";

const CAST_COLUMNS = [
  { name: "title_id", required: true },
  { name: "performer_id", required: true },
  { name: "name", required: false },
  { name: "tam", required: false, parse: parseScaledMoney, parseBytes: moneyFromBytes },
  { name: "units", required: false, parse: parseDecimal, parseBytes: plainDecimalFromBytes },
] as const;

/** The columns without the performer's name. */
const CAST_COLUMNS_UNNAMED = withUnused(CAST_COLUMNS, "name");

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
 * rejected. `titles` is the catalogue (read with the same `share`, which goes by title). A title
 * with a rejected cast record (one whose title_id names it) has that record first in its list,
 * so its pools are not shared among the rest (see finishDrafts). Without `names`, the
 * performers' names are checked but not kept.
 */
export async function readCast(file: string, titles: Catalogue, share?: FileShare, source?: RecordSource, names = true): Promise<CastRead> {
  const cast = new Map<string, (CastMember | RejectedCastRecord)[]>();
  const rejectedIn = new Map<string, RejectedCastRecord>();
  const rejectedFor = (titleId: string | undefined, place: { record: number; line: number }) => {
    if (titleId === undefined || !titles.has(titleId) || rejectedIn.has(titleId)) return;
    rejectedIn.set(titleId, { titleId, rejected: { file, record: place.record, line: place.line } });
  };
  /** Where each performer of a title was first seen, for the duplicate's reason. */
  const firstLine = new Map<string, number>();
  let used = 0;
  const { read, rejections } = await readTable(file, names ? CAST_COLUMNS : CAST_COLUMNS_UNNAMED, (cells, record, reject) => {
    // Indexed reads, as for titles: destructuring goes through the iterator protocol.
    const titleId = cells[0] as string;
    const performerId = cells[1] as string;
    const name = cells[2] as string | undefined;
    const tam = cells[3] as Scaled | undefined;
    const units = cells[4] as Dec | undefined;
    if (!titles.has(titleId)) return reject("title_id", titleId, UNKNOWN_TITLE);
    const key = `${titleId}\u0000${performerId}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      reject("performer_id", performerId, `duplicate performer_id for title ${titleId} (first on line ${earlier})`);
      rejectedFor(titleId, record);
      return;
    }
    firstLine.set(key, record.line);
    used++;
    let members = cast.get(titleId);
    if (members === undefined) cast.set(titleId, (members = []));
    // Every field present (undefined where empty): all members share one shape, as titles do.
    members.push({ titleId, performerId, name, tam, units });
  }, share, source, (rejection, field) => rejectedFor(field("title_id"), rejection));
  for (const [titleId, rejected] of rejectedIn) cast.set(titleId, [rejected, ...(cast.get(titleId) ?? [])]);
  return { cast, used, read, rejections };
}
