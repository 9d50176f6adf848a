import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { holdTemporary } from "./output.js";
import { InputFileError, type Rejection } from "./table.js";
import { csvText } from "./spreadsheet.js";

export const REJECT_COLUMNS = ["file", "record", "line", "column", "value", "reason"] as const;

/** One rejection as a line on stderr: `file:line: record n, column c: reason (value "v")`. */
export function formatRejection(rejection: Rejection): string {
  const column = rejection.column ? `, column ${rejection.column}` : "";
  const value = rejection.column ? ` (value ${JSON.stringify(rejection.value)})` : "";
  return `${rejection.file}:${rejection.line}: record ${rejection.record}${column}: ${rejection.reason}${value}`;
}

export function rejectsCsv(rejections: readonly Rejection[]): string {
  const rows = rejections.map((r) =>
    [csvText(r.file), String(r.record), String(r.line), csvText(r.column), csvText(r.value), csvText(r.reason)].join(","),
  );
  return [REJECT_COLUMNS.join(","), ...rows].join("\n") + "\n";
}

/** Writes every rejection (a header alone when there are none) through a temporary file, so the file is whole or absent. */
export async function writeRejects(path: string, rejections: readonly Rejection[]): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  // An interrupted run takes it away with its other temporary files.
  const release = holdTemporary(temp);
  try {
    await writeFile(temp, rejectsCsv(rejections));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputFileError(path, `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    release();
  }
}
