import type { CastList, Catalogue } from "../../domain/inputs.js";
import { readCast } from "./cast.js";
import type { FileShare, RecordSource, Rejection } from "./column-reader.js";
import { readTitles } from "./titles.js";

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
  /** Rows of the services file used, where one was given. */
  readonly servicesUsed?: number;
  readonly rejections: Rejection[];
}

/**
 * Reads the titles and (optionally) the cast file, keeping their rejections. With `share`, only
 * the records in it are read (a worker's titles and their cast); the counts are the share's.
 * `source` gives the records (readCsv, whose clean records are read from their bytes).
 * Without `names`, the titles' and performers' names are checked but not kept.
 */
export async function readCatalogue(titlesFile: string, castFile: string | undefined, share: FileShare | undefined, source: RecordSource, names = true): Promise<CatalogueInputs> {
  const titles = await readTitles(titlesFile, share, source, names);
  if (castFile === undefined) {
    return {
      titles: titles.titles,
      rowsRead: titles.read,
      rejections: titles.rejections,
      counts: { titlesUsed: titles.titles.size, castUsed: 0, rejections: titles.rejections },
    };
  }
  const cast = await readCast(castFile, titles.titles, share, source, names);
  const rejections = [...titles.rejections, ...cast.rejections];
  return {
    titles: titles.titles,
    cast: cast.cast,
    rowsRead: titles.read + cast.read,
    rejections,
    counts: { titlesUsed: titles.titles.size, castUsed: cast.used, rejections },
  };
}
