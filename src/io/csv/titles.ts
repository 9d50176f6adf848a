import type { Day } from "../../domain/days.js";
import type { Catalogue, Title } from "../../domain/inputs.js";
import type { Dec } from "../../money/decimal.js";
import { KINDS, MARKETS, type Kind, type Market } from "../../domain/vocabulary.js";
import { booleanFromBytes, choiceFromBytes, dayFromBytes, plainDecimalFromBytes, positiveCountFromBytes } from "./cell-bytes.js";
import { readTable, withUnused, type FileShare, type RecordSource, type Rejection } from "./column-reader.js";
import { parseBoolean, parseChoice, parseDate, parseMoney, parsePositiveCount } from "./cell-values.js";

const TITLE_COLUMNS = [
  { name: "title_id", required: true },
  { name: "title", required: false },
  { name: "kind", required: true, parse: parseChoice(KINDS, "kind"), parseBytes: choiceFromBytes(KINDS) },
  { name: "produced_on", required: true, parse: parseDate, parseBytes: dayFromBytes },
  { name: "first_aired_on", required: false, parse: parseDate, parseBytes: dayFromBytes },
  { name: "runtime_minutes", required: false, parse: parsePositiveCount, parseBytes: positiveCountFromBytes },
  { name: "first_season", required: false, parse: parseBoolean, parseBytes: booleanFromBytes },
  { name: "market", required: false, parse: parseChoice(MARKETS, "market"), parseBytes: choiceFromBytes(MARKETS) },
  { name: "budget", required: false, parse: parseMoney, parseBytes: plainDecimalFromBytes },
  { name: "residual_base", required: false, parse: parseMoney, parseBytes: plainDecimalFromBytes },
] as const;

/** The columns without the title's name. */
const TITLE_COLUMNS_UNNAMED = withUnused(TITLE_COLUMNS, "title");

/** Why a usage or cast record naming a title the catalogue does not hold is rejected. */
export const UNKNOWN_TITLE = "unknown title_id (not in the titles file, or rejected there)";

export interface TitlesRead {
  /** The valid titles (of the share read), by id. */
  readonly titles: Catalogue;
  readonly read: number;
  readonly rejections: Rejection[];
}

/**
 * Reads the catalogue whole (it is state-sized, not ledger-sized); duplicates are rejected.
 * With `share`, only its records are read into titles (a worker reads the titles it computes;
 * a title's duplicates have its id, so they fall in the same share). Without `names`, the
 * titles' names are checked but not kept (a run that writes none).
 */
export async function readTitles(file: string, share?: FileShare, source?: RecordSource, names = true): Promise<TitlesRead> {
  const titles = new Map<string, Title>();
  /** The line each title is on, by ordinal: a duplicate's reason names it. */
  const lines: number[] = [];
  const { read, rejections } = await readTable(file, names ? TITLE_COLUMNS : TITLE_COLUMNS_UNNAMED, (cells, record, reject) => {
    // Indexed reads: destructuring the cells goes through the iterator protocol, measurably slower here.
    const id = cells[0] as string;
    const earlier = titles.get(id);
    if (earlier !== undefined) return reject("title_id", id, `duplicate title_id (first on line ${lines[earlier.ordinal!]})`);
    lines.push(record.line);
    // Every field present (undefined where empty): all titles share one shape, which keeps the engine's reads fast.
    titles.set(id, {
      id,
      name: cells[1] as string | undefined,
      kind: cells[2] as Kind,
      producedOn: cells[3] as Day,
      firstAiredOn: cells[4] as Day | undefined,
      runtimeMinutes: cells[5] as number | undefined,
      firstSeason: (cells[6] as boolean | undefined) ?? false,
      market: cells[7] as Market | undefined,
      budget: cells[8] as Dec | undefined,
      residualBase: cells[9] as Dec | undefined,
      ordinal: titles.size,
    });
  }, share, source);
  return { titles, read, rejections };
}
