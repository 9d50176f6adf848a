import type { ComparisonRow, ComparisonStream } from "../../domain/comparison.js";
import { decidingText, incompleteText, notModelledText, KEY_COLUMN, NAME_COLUMN } from "./comparison-format.js";
import type { ReportContract } from "./html-report.js";
import type { Column, StreamingWorkbook } from "./workbook.js";

/**
 * A sheet of compare's figures for one grouping: the CSV's columns, in its order and with its
 * values (amounts and percentages as numbers, the rest as text), the title's name after its id.
 */
export function writeComparisonSheet(workbook: StreamingWorkbook, comparison: ComparisonStream): void {
  const name = NAME_COLUMN[comparison.by];
  const named = name !== undefined;
  const columns: Column[] = [{ header: KEY_COLUMN[comparison.by], kind: "text", width: 14 }];
  if (named) columns.push({ header: name, kind: "text", width: 32 });
  comparison.contracts.forEach((id, index) => {
    columns.push({ header: id, kind: "money", width: 16 });
    if (index > 0) columns.push({ header: `${id}_diff`, kind: "money", width: 16 }, { header: `${id}_diff_pct`, kind: "percent", width: 12 });
  });
  columns.push({ header: "incomplete_lines", kind: "text", width: 24 }, { header: "not_modelled_lines", kind: "text", width: 24 }, { header: "deciding_rules", kind: "text", width: 60 });
  const sheet = workbook.sheet(`by ${comparison.by}`, columns);
  const add = (row: ComparisonRow) => {
    const values: (string | bigint | undefined)[] = [row.key ?? "total"];
    if (named) values.push(row.name ?? "");
    for (const cell of row.cells) {
      values.push(cell.totals.amount);
      if (cell.difference !== undefined) values.push(cell.difference, cell.percent);
    }
    values.push(incompleteText(row), notModelledText(row), decidingText(row));
    sheet.add(values);
  };
  for (const row of comparison.rows) {
    if (row instanceof Uint8Array) throw new Error("rows written as CSV cannot go in a workbook");
    add(row);
  }
  add(comparison.total);
  sheet.end();
}

/** The contracts compared, the baseline first: what each is, how sure its terms are, where they come from. */
export function writeContractsSheet(workbook: StreamingWorkbook, contracts: readonly ReportContract[]): void {
  const sheet = workbook.sheet("contracts", [
    { header: "contract", kind: "text", width: 30 },
    { header: "title", kind: "text", width: 40 },
    { header: "status", kind: "text" },
    { header: "guild", kind: "text" },
    { header: "verified_terms", kind: "count", width: 15 },
    { header: "uncertain_terms", kind: "count", width: 16 },
    { header: "not_modelled", kind: "text", width: 50 },
    { header: "files", kind: "text", width: 50 },
    { header: "reference", kind: "text", width: 50 },
  ]);
  for (const contract of contracts) {
    sheet.add([
      contract.id,
      contract.title,
      contract.status,
      contract.guild,
      contract.verified,
      contract.uncertain.length,
      contract.notModelled.join("; "),
      contract.files.join("; "),
      contract.reference ?? "",
    ]);
  }
  sheet.end();
}
