import { describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import type { Catalogue } from "../../src/domain/inputs.js";
import { centsText } from "../../src/money/scaled.js";
import { buildTitle, buildUsage, type Cells } from "../golden/golden-case.js";

/**
 * A budget threshold is the title's, whatever the medium: under sag-2009 one rule covers
 * made-for-new-media programs on rental, EST and subscription streaming, above $25,000 a minute.
 * Worked out once per title and rule, it must still single out each title on each medium.
 */
const TITLES: Cells[] = [
  // 300,000 ÷ 20 = 15,000.00 a minute: below
  { title_id: "LOW", kind: "new-media", produced_on: "2009-01-01", runtime_minutes: "20", budget: "300000" },
  // 1,000,000 ÷ 10 = 100,000.00 a minute: above
  { title_id: "HIGH", kind: "new-media", produced_on: "2009-01-01", runtime_minutes: "10", budget: "1000000" },
  // 220,000 ÷ 11 = 20,000.00 a minute: below, by other figures
  { title_id: "LOWER", kind: "new-media", produced_on: "2009-01-01", runtime_minutes: "11", budget: "220000" },
];

const USAGE: Cells[] = [
  { title_id: "LOW", medium: "rental", period_start: "2009-04-01", period_end: "2009-04-30", distributor_gross: "1000" },
  { title_id: "HIGH", medium: "rental", period_start: "2009-04-01", period_end: "2009-04-30", distributor_gross: "1000" },
  { title_id: "LOWER", medium: "subscription-streaming", period_start: "2009-04-01", period_end: "2009-04-30", distributor_gross: "1000" },
  { title_id: "LOW", medium: "subscription-streaming", period_start: "2009-05-01", period_end: "2009-05-31", distributor_gross: "1000" },
  { title_id: "HIGH", medium: "subscription-streaming", period_start: "2009-05-01", period_end: "2009-05-31", distributor_gross: "1000" },
  { title_id: "LOWER", medium: "rental", period_start: "2009-05-01", period_end: "2009-05-31", distributor_gross: "1000" },
  { title_id: "LOW", medium: "rental", period_start: "2009-06-01", period_end: "2009-06-30", distributor_gross: "1000" },
];

describe("budget thresholds across media", () => {
  it("single out each title below on every medium the rule covers, with its own figures", () => {
    const titles: Catalogue = new Map(TITLES.map((cells, index) => [cells.title_id!, buildTitle(cells, `title ${index + 1}`)]));
    const rows = USAGE.map((cells, index) => buildUsage(cells, index + 1, titles, `row ${index + 1}`));
    const lines = calculateLedger(loadContractRef("sag-2009").contract, titles, rows);
    const low = "budget per minute 15,000.00 is below the 25,000.00 threshold";
    const lower = "budget per minute 20,000.00 is below the 25,000.00 threshold";
    // HIGH pays 3.6% of 1,000.00 = 36.00 on each medium.
    expect(lines.map((line) => [line.usage.row, line.usage.titleId, line.status, line.amount === undefined ? "" : centsText(line.amount), line.status === "zero" ? line.note : ""])).toEqual([
      [1, "LOW", "zero", "0.00", low],
      [2, "HIGH", "payable", "36.00", ""],
      [3, "LOWER", "zero", "0.00", lower],
      [4, "LOW", "zero", "0.00", low],
      [5, "HIGH", "payable", "36.00", ""],
      [6, "LOWER", "zero", "0.00", lower],
      [7, "LOW", "zero", "0.00", low],
    ]);
  });
});
