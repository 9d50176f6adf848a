import type { Catalogue, Title, Usage } from "../../domain/inputs.js";
import { readCsv } from "./records.js";
import { InputFileError, isRejection, type Rejection } from "./column-reader.js";
import { UsageParser } from "./usage.js";

export interface OneTitleUsage {
  readonly title: Title;
  readonly rows: Usage[];
  readonly rejections: Rejection[];
}

/**
 * A usage file for one title described elsewhere (`estimate --usage`): the usual usage format,
 * whose first row's title_id names the title; rows naming another title are rejected.
 */
export async function readOneTitleUsage(file: string, titleNamed: (id: string) => Title): Promise<OneTitleUsage> {
  // The parser checks each row against this catalogue, which gets its one title from the first row.
  const catalogue = new Map<string, Title>();
  const parser = new UsageParser(file, catalogue as Catalogue);
  let titleColumn = -1;
  const rows: Usage[] = [];
  const rejections: Rejection[] = [];
  await readCsv(
    file,
    (header) => {
      parser.useHeader(header);
      titleColumn = header.indexOf("title_id");
    },
    (records) => {
      for (const record of records) {
        const id = record.values[titleColumn]?.trim();
        if (catalogue.size === 0 && id) catalogue.set(id, titleNamed(id));
        const parsed = parser.parse(record);
        if (!isRejection(parsed)) rows.push(parsed);
        else if (parsed.column === "title_id" && parsed.value !== "" && catalogue.size > 0) {
          const first = [...catalogue.keys()][0]!;
          rejections.push({ ...parsed, reason: `another title than the first row's (${first}): an estimate is for one title` });
        } else rejections.push(parsed);
      }
    },
  );
  const title = [...catalogue.values()][0];
  if (title === undefined || rows.length === 0) throw new InputFileError(file, "has no usage row to estimate");
  return { title, rows, rejections };
}
