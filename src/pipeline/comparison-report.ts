import type { LoadedContract } from "../contracts/load.js";
import { describeExclusion, type ComparisonCell, type ComparisonRow } from "../domain/comparison.js";
import { decidingText } from "../io/out/comparison-format.js";
import type { ComparisonReport, ReportCell, ReportContract, ReportRow } from "../io/out/html-report.js";
import type { ComparisonSet } from "./comparison-set.js";

/** Titles a report lists: those that differ most (a file of a few hundred kB, whatever the ledger). */
export const REPORT_TITLES = 200;

/** The groupings a report shows, its first counting the rule costs. */
export const REPORT_GROUPINGS = ["title", "year", "medium"] as const;

/** compare's figures as the HTML report shows them: the same sums the CSV gives, laid out. */
export function comparisonReport(set: ComparisonSet, loaded: readonly LoadedContract[], inputs: ComparisonReport["inputs"], showPath: (file: string) => string): ComparisonReport {
  const ids = loaded.map((entry) => entry.contract.id);
  const byTitle = set.sink("title");
  const rows = (by: "year" | "medium") => [...set.sink(by).resultStream().rows].map((row) => reportRow(row as ComparisonRow));
  return {
    contracts: loaded.map((entry) => reportContract(entry, showPath)),
    inputs,
    total: byTitle.resultStream().total.cells.map(reportCell),
    byYear: rows("year"),
    byMedium: rows("medium"),
    topTitles: byTitle.topGroups(REPORT_TITLES).map((group) => reportRow(byTitle.groupRow(group))),
    ruleCosts: (set.costs?.list() ?? []).map((cost) => ({
      contract: ids[cost.contract]!,
      rules: cost.exclusions.map((exclusion) => `${exclusion.contract}: ${describeExclusion(exclusion)}`),
      cents: cost.cents,
      rows: cost.rows,
    })),
  };
}

function reportRow(row: ComparisonRow): ReportRow {
  return { key: row.key ?? "total", ...(row.name === undefined ? {} : { name: row.name }), cells: row.cells.map(reportCell), decidingRules: decidingText(row) };
}

function reportCell(cell: ComparisonCell): ReportCell {
  const totals = cell.totals;
  return {
    cents: totals.amount,
    ...(cell.difference === undefined ? {} : { difference: cell.difference }),
    ...(cell.percent === undefined ? {} : { percent: cell.percent }),
    lines: totals.lines,
    payable: totals.payable,
    zero: totals.zero,
    incomplete: totals.incomplete,
    notModelled: totals.notModelled,
  };
}

/** A contract's header and its cited terms, counted by confidence (the uncertain ones listed). */
export function reportContract(loaded: LoadedContract, showPath: (file: string) => string): ReportContract {
  const file = loaded.file;
  let verified = 0;
  const uncertain: { term: string; source: string }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, `${path}[${index}]`));
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.source === "string" && typeof record.confidence === "string") {
      if (record.confidence === "verified") verified++;
      else uncertain.push({ term: path || "(contract)", source: record.source });
    }
    for (const [key, child] of Object.entries(record)) visit(child, path ? `${path}.${key}` : key);
  };
  visit(file, "");
  return {
    id: file.id,
    title: file.title,
    status: file.status,
    guild: file.guild,
    files: loaded.chain.map(showPath),
    ...(file.reference ? { reference: file.reference } : {}),
    verified,
    uncertain,
    notModelled: file.not_modelled ?? [],
  };
}
