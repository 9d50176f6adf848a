import type { CastList, Catalogue } from "../engine/inputs.js";
import { readCast } from "../io/cast.js";
import { readPlainOrCsv } from "../batch/parallel/chunks.js";
import type { FileShare, RecordSource, Rejection } from "../io/table.js";
import { readTitles } from "../io/titles.js";

export interface CatalogueInputs {
  readonly titles: Catalogue;
  readonly cast?: CastList;
  readonly rowsRead: number;
  readonly rejections: Rejection[];
  readonly counts: CatalogueCounts;
}

/** What the closing summary says of the catalogue: rows used and rejected per file. */
export interface CatalogueCounts {
  readonly titlesUsed: number;
  readonly castUsed: number;
  readonly rejections: Rejection[];
}

/**
 * Reads the titles and (optionally) the cast file, keeping their rejections. With `share`, only
 * the records in it are read (a worker's titles and their cast); the counts are the share's.
 * A plain file's records are read as lines, its clean ones from their bytes (see readTable).
 */
export async function readCatalogue(titlesFile: string, castFile: string | undefined, share?: FileShare, source: RecordSource = readPlainOrCsv): Promise<CatalogueInputs> {
  const titles = await readTitles(titlesFile, share, source);
  if (castFile === undefined) {
    return {
      titles: titles.titles,
      rowsRead: titles.read,
      rejections: titles.rejections,
      counts: { titlesUsed: titles.titles.size, castUsed: 0, rejections: titles.rejections },
    };
  }
  const cast = await readCast(castFile, titles.titles, share, source);
  const rejections = [...titles.rejections, ...cast.rejections];
  return {
    titles: titles.titles,
    cast: cast.cast,
    rowsRead: titles.read + cast.read,
    rejections,
    counts: { titlesUsed: titles.titles.size, castUsed: cast.used, rejections },
  };
}
