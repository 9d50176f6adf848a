import type { Output } from "./output-file.js";
import type { Rejection } from "../csv/column-reader.js";
import { csvText } from "./spreadsheet-safety.js";

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

/** Writes every rejection (a header alone when there are none) to the rejects output; it is put in place when committed. */
export async function writeRejects(output: Output, rejections: readonly Rejection[]): Promise<void> {
  await output.write(rejectsCsv(rejections));
}
