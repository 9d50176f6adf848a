import type { CastList, CastMember, Catalogue } from "../engine/inputs.js";
import type { Dec } from "../engine/money.js";
import { readCsv } from "./csv.js";
import { isRejection, TableReader, type Rejection } from "./table.js";
import { parseDecimal, parseMoney } from "./values.js";

const CAST_COLUMNS = [
  { name: "title_id", required: true },
  { name: "performer_id", required: true },
  { name: "name", required: false },
  { name: "tam", required: false, parse: parseMoney },
  { name: "units", required: false, parse: parseDecimal },
] as const;

export interface CastRead {
  readonly cast: CastList;
  readonly read: number;
  readonly rejections: Rejection[];
}

/** Reads the cast file whole, grouped by title in file order; unknown titles and duplicates are rejected. */
export async function readCast(file: string, titles: Catalogue): Promise<CastRead> {
  const reader = new TableReader(file, CAST_COLUMNS);
  const cast = new Map<string, CastMember[]>();
  const rejections: Rejection[] = [];
  let read = 0;
  await readCsv(
    file,
    (header) => reader.useHeader(header),
    (records) => {
      for (const record of records) {
        read++;
        const cells = reader.cells(record);
        if (isRejection(cells)) {
          rejections.push(cells);
          continue;
        }
        const [titleId, performerId, name, tam, units] = cells as [string, string, string | undefined, Dec | undefined, Dec | undefined];
        if (!titles.has(titleId)) {
          rejections.push(reader.reject(record, "title_id", titleId, "unknown title_id (not in the titles file)"));
          continue;
        }
        const members = cast.get(titleId) ?? [];
        if (members.some((member) => member.performerId === performerId)) {
          rejections.push(reader.reject(record, "performer_id", performerId, `duplicate performer_id for title ${titleId}`));
          continue;
        }
        members.push({
          titleId,
          performerId,
          ...(name !== undefined ? { name } : {}),
          ...(tam !== undefined ? { tam } : {}),
          ...(units !== undefined ? { units } : {}),
        });
        cast.set(titleId, members);
      }
    },
  );
  return { cast, read, rejections };
}
