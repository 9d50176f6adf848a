import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import type { CastList, Catalogue, Usage } from "../../src/domain/inputs.js";
import { centsText } from "../../src/money/scaled.js";
import { baseOf, type Line } from "../../src/domain/lines.js";
import { buildCastMember, buildTitle, buildUsage, castList, type Cells } from "../golden/golden-case.js";

/**
 * docs/calculation.md "Order and state": cumulative state follows chronological order per title
 * (period_start, ties by input order) whatever order the file is in, and output lines follow
 * input order. So a ledger listed out of date order must give each usage row the same lines
 * as the same ledger sorted by date. The ledger below has no two rows of one title starting
 * on the same day, so input order never breaks a tie.
 */
const TITLES: Cells[] = [
  // A = 2009-01-01: window to 2009-01-17, periods 2009-01-18 .. 2009-07-18 .. 2010-01-16, library after
  { title_id: "S", kind: "tv", produced_on: "2008-06-01", first_aired_on: "2009-01-01", market: "network-prime-time", residual_base: "20000" },
  { title_id: "Y3", kind: "tv", produced_on: "2009-10-01", first_aired_on: "2010-04-01", market: "cable", residual_base: "10000" },
  { title_id: "E", kind: "tv", produced_on: "2008-06-01", first_aired_on: "2008-10-01" },
  { title_id: "F", kind: "feature", produced_on: "2007-06-01", first_aired_on: "2008-05-01" },
];

const CAST: Cells[] = [
  { title_id: "S", performer_id: "lead", tam: "2833.33", units: "2" },
  { title_id: "S", performer_id: "day", tam: "759.00", units: "1" },
  { title_id: "F", performer_id: "a", units: "1" },
  { title_id: "F", performer_id: "b", units: "1" },
  { title_id: "F", performer_id: "c", units: "1" },
];

const USAGE: Cells[] = [
  { title_id: "S", medium: "ad-supported-streaming", period_start: "2009-01-05", period_end: "2009-01-20", distributor_gross: "1600" },
  { title_id: "S", medium: "ad-supported-streaming", period_start: "2009-03-01", period_end: "2009-03-31", distributor_gross: "3100" },
  { title_id: "S", medium: "ad-supported-streaming", period_start: "2009-07-01", period_end: "2009-07-31", distributor_gross: "3100" },
  { title_id: "S", medium: "ad-supported-streaming", period_start: "2009-12-20", period_end: "2010-01-31", distributor_gross: "4300.01" },
  { title_id: "S", medium: "ad-supported-streaming", period_start: "2010-02-01", period_end: "2010-02-28", distributor_gross: "999.99" },
  { title_id: "S", medium: "electronic-sell-through", period_start: "2009-02-01", period_end: "2009-02-28", distributor_gross: "150000", units: "90000" },
  { title_id: "S", medium: "electronic-sell-through", period_start: "2009-04-01", period_end: "2009-04-30", distributor_gross: "33333.33", units: "30000" },
  { title_id: "Y3", medium: "ad-supported-streaming", period_start: "2010-04-20", period_end: "2010-05-20", distributor_gross: "3000" },
  { title_id: "Y3", medium: "ad-supported-streaming", period_start: "2010-10-10", period_end: "2010-10-25", distributor_gross: "1600" },
  { title_id: "Y3", medium: "ad-supported-streaming", period_start: "2010-09-01", period_end: "2010-09-30", distributor_gross: "100" },
  { title_id: "E", medium: "electronic-sell-through", period_start: "2009-01-01", period_end: "2009-01-31", distributor_gross: "3000000", units: "60000" },
  { title_id: "E", medium: "electronic-sell-through", period_start: "2009-02-01", period_end: "2009-02-28", distributor_gross: "2500000", units: "60000" },
  { title_id: "E", medium: "electronic-sell-through", period_start: "2009-03-01", period_end: "2009-03-31", distributor_gross: "777.77", units: "0" },
  { title_id: "E", medium: "rental", period_start: "2009-01-15", period_end: "2009-01-31", distributor_gross: "1000" },
  { title_id: "F", medium: "electronic-sell-through", period_start: "2009-05-01", period_end: "2009-05-31", distributor_gross: "45000", units: "30000" },
  { title_id: "F", medium: "electronic-sell-through", period_start: "2009-06-01", period_end: "2009-06-30", distributor_gross: "33333.33", units: "30000" },
  { title_id: "F", medium: "electronic-sell-through", period_start: "2009-04-01", period_end: "2009-04-30", distributor_gross: "1000", units: "10" },
];

const titles: Catalogue = new Map(TITLES.map((cells) => buildTitle(cells, "titles")).map((title) => [title.id, title]));
const cast: CastList = castList(CAST.map((cells) => buildCastMember(cells, titles, "cast")));
const rows: Usage[] = USAGE.map((cells, index) => buildUsage(cells, index + 1, titles, `usage row ${index + 1}`));
const sorted = [...rows].sort((a, b) => a.start - b.start || a.row - b.row);

const CONTRACTS = ["amptp-2008-sag-final-offer", "sag-2005", "dga-2008", "wga-2008"] as const;

function described(line: Line) {
  return {
    row: line.usage.row,
    rule: line.rule,
    status: line.status,
    basis: line.basis,
    base: baseOf(line)?.toFixed(),
    rate: line.rate?.toFixed(),
    amount: line.amount === undefined ? "" : centsText(line.amount),
    performer: line.performerId ?? "",
    note: line.note,
  };
}

/** Each usage row's lines, keyed by row number. */
function linesByRow(lines: readonly Line[]): Map<number, ReturnType<typeof described>[]> {
  const byRow = new Map<number, ReturnType<typeof described>[]>();
  for (const line of lines) {
    const group = byRow.get(line.usage.row) ?? [];
    group.push(described(line));
    byRow.set(line.usage.row, group);
  }
  return byRow;
}

/** The usage rows in the order their lines come out, each row once. */
function rowOrder(lines: readonly Line[]): number[] {
  const order: number[] = [];
  for (const line of lines) if (order[order.length - 1] !== line.usage.row) order.push(line.usage.row);
  return order;
}

describe("a ledger out of date order gives the same lines per row as the sorted ledger", () => {
  it("the fixture is listed out of date order and has no same-day ties per title", () => {
    expect(rows.map((r) => r.row)).not.toEqual(sorted.map((r) => r.row));
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.titleId} ${row.start}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  for (const id of CONTRACTS) {
    describe(id, () => {
      const contract = loadContractRef(id).contract;
      const reference = calculateLedger(contract, titles, sorted, cast);
      const expected = linesByRow(reference);

      it("every row yields at least one line", () => {
        expect([...expected.keys()].sort((a, b) => a - b)).toEqual(rows.map((r) => r.row));
      });

      it("as listed, reversed and sorted: same lines per row, lines in input order", () => {
        for (const ledger of [rows, [...rows].reverse(), sorted]) {
          const lines = calculateLedger(contract, titles, ledger, cast);
          expect(linesByRow(lines)).toEqual(expected);
          expect(rowOrder(lines)).toEqual(ledger.map((r) => r.row));
        }
      });

      it("any shuffle: same lines per row, lines in input order", () => {
        fc.assert(
          fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (ledger) => {
            const lines = calculateLedger(contract, titles, ledger, cast);
            expect(linesByRow(lines)).toEqual(expected);
            expect(rowOrder(lines)).toEqual(ledger.map((r) => r.row));
          }),
          { numRuns: 100 },
        );
      });

      it("the same inputs give identical lines twice", () => {
        expect(calculateLedger(contract, titles, rows, cast).map(described)).toEqual(
          calculateLedger(contract, titles, rows, cast).map(described),
        );
      });
    });
  }

  it("spot check under the final offer: the earliest row pays each fixed period, wherever it is listed", () => {
    const contract = loadContractRef("amptp-2008-sag-final-offer").contract;
    const lines = linesByRow(calculateLedger(contract, titles, [...rows].reverse(), cast));
    const brief = (row: number) => lines.get(row)!.map((l) => [l.status, l.amount, l.performer]);
    // row 1 (2009-01-05 .. 01-20) reaches period 1 first: 0.03 × 2,833.33 = 85.00, 0.03 × 759.00 = 22.77
    expect(brief(1)).toEqual([
      ["payable", "85.00", "lead"],
      ["payable", "22.77", "day"],
    ]);
    // row 2 (March) is in period 1 again
    expect(lines.get(2)!.map((l) => [l.status, l.note])).toEqual([
      ["zero", "fixed period 1 of 2 after the 17-day window already due on usage row 1 (paid once per title)"],
    ]);
    // EST of S: row 6 (February, 90,000 units) counts before row 7 (April, 30,000 units):
    // row 6 all tier 1, 0.0108 × 150,000 = 1,620.00 → lead 1,080.00, day 540.00;
    // row 7 units 90,001 .. 100,000: 0.0108 × 33,333.33 × 10,000 ÷ 30,000 = 119.999988 → 120.00 → 80.00, 40.00;
    // units 100,001 .. 120,000: 0.021 × 33,333.33 × 20,000 ÷ 30,000 = 466.66662 → 466.67 → 311.11, 155.56
    //   (46,667 cents × 2/3 = 31,111.33…, × 1/3 = 15,555.66…: floors 31,111 + 15,555 = 46,666, the cent to day)
    expect(brief(6)).toEqual([
      ["payable", "1080.00", "lead"],
      ["payable", "540.00", "day"],
    ]);
    expect(brief(7)).toEqual([
      ["payable", "80.00", "lead"],
      ["payable", "40.00", "day"],
      ["payable", "311.11", "lead"],
      ["payable", "155.56", "day"],
    ]);
  });
});
