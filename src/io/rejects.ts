import { writeFile } from "node:fs/promises";
import type { Rejection } from "./table.js";
import { csvText } from "./spreadsheet.js";

export const REJECT_COLUMNS = ["file", "record", "line", "column", "value", "reason"] as const;

export function formatRejection(rejection: Rejection): string {
  const column = rejection.column ? `, column ${rejection.column}` : "";
  const value = rejection.column ? ` (value ${JSON.stringify(rejection.value)})` : "";
  return `${rejection.file}:${rejection.line}: record ${rejection.record}${column}: ${rejection.reason}${value}`;
}

export async function writeRejects(path: string, rejections: readonly Rejection[]): Promise<void> {
  const rows = rejections.map((r) =>
    [csvText(r.file), String(r.record), String(r.line), csvText(r.column), csvText(r.value), csvText(r.reason)].join(","),
  );
  await writeFile(path, [REJECT_COLUMNS.join(","), ...rows].join("\n") + "\n");
}
