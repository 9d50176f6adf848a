import type { CastList, Catalogue } from "../engine/inputs.js";
import { readCast } from "../io/cast.js";
import type { Rejection } from "../io/table.js";
import { readTitles } from "../io/titles.js";

export interface CatalogueInputs {
  readonly titles: Catalogue;
  readonly cast?: CastList;
  readonly rowsRead: number;
  readonly rejections: Rejection[];
}

/** Reads the titles and (optionally) the cast file, keeping their rejections. */
export async function readCatalogue(titlesFile: string, castFile: string | undefined): Promise<CatalogueInputs> {
  const titles = await readTitles(titlesFile);
  if (castFile === undefined) return { titles: titles.titles, rowsRead: titles.read, rejections: titles.rejections };
  const cast = await readCast(castFile, titles.titles);
  return {
    titles: titles.titles,
    cast: cast.cast,
    rowsRead: titles.read + cast.read,
    rejections: [...titles.rejections, ...cast.rejections],
  };
}

/** What the closing summary says of the catalogue: rows used and rejected per file. */
export interface CatalogueCounts {
  readonly titlesUsed: number;
  readonly castUsed: number;
  readonly rejections: Rejection[];
}

export function catalogueCounts(catalogue: CatalogueInputs): CatalogueCounts {
  let castUsed = 0;
  for (const members of catalogue.cast?.values() ?? []) castUsed += members.length;
  return { titlesUsed: catalogue.titles.size, castUsed, rejections: catalogue.rejections };
}
