import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { parseDay } from "../../src/domain/days.js";
import { centsText, parseScaled, scaledFromDec } from "../../src/money/scaled.js";
import { Dec } from "../../src/money/decimal.js";
import type { CastMember, Title, Usage } from "../../src/domain/inputs.js";
import type { Medium } from "../../src/domain/vocabulary.js";

const day = (text: string) => parseDay(text)!;

function title(overrides: Partial<Title> & { id: string }): Title {
  return { kind: "tv", producedOn: day("2008-01-01"), firstSeason: false, ...overrides };
}

function usage(row: number, titleId: string, medium: Medium, start: string, end: string, gross: string, units?: number): Usage {
  return { row, titleId, medium, start: day(start), end: day(end), gross: parseScaled(gross)!, ...(units === undefined ? {} : { units }) };
}

function amounts(contractId: string, titles: Title[], rows: Usage[], cast?: CastMember[]) {
  const contract = loadContractRef(contractId).contract;
  const castList = cast ? new Map(titles.map((t) => [t.id, cast.filter((c) => c.titleId === t.id)] as const)) : undefined;
  return calculateLedger(contract, new Map(titles.map((t) => [t.id, t])), rows, castList).map((line) => ({
    row: line.usage.row,
    status: line.status,
    amount: line.amount === undefined ? "" : centsText(line.amount),
    performer: line.performerId ?? "",
    note: line.note,
  }));
}

describe("worked examples of docs/calculation.md", () => {
  it("1 and 2: final offer, guest star TAM 2,833.33 → 85.00, day player TAM 759.00 → 22.77", () => {
    const show = title({ id: "S", firstAiredOn: day("2009-01-01") });
    const cast: CastMember[] = [
      { titleId: "S", performerId: "guest", tam: scaledFromDec(new Dec("2833.33")) },
      { titleId: "S", performerId: "day", tam: scaledFromDec(new Dec("759.00")) },
    ];
    // Day 20 after first broadcast (2009-01-01 is day 1): inside fixed period 1 after the 17-day window.
    const lines = amounts("amptp-2008-sag-final-offer", [show], [usage(1, "S", "ad-supported-streaming", "2009-01-20", "2009-01-20", "0")], cast);
    expect(lines.map((l) => [l.performer, l.status, l.amount])).toEqual([
      ["guest", "payable", "85.00"],
      ["day", "payable", "22.77"],
    ]);
  });

  it("3: DGA network prime-time hour, residual base 20,000, first year after the window → 2 × 600.00", () => {
    const show = title({ id: "H", firstAiredOn: day("2009-01-01"), market: "network-prime-time", residualBase: new Dec("20000") });
    const lines = amounts("dga-2008", [show], [usage(1, "H", "ad-supported-streaming", "2009-01-18", "2010-01-16", "50000")]);
    expect(lines.map((l) => [l.status, l.amount])).toEqual([
      ["payable", "600.00"],
      ["payable", "600.00"],
    ]);
  });

  it("4: final offer, TV produced before July 1974 → 0.00; produced 1975 → 6% of 10,000", () => {
    const old = title({ id: "OLD", producedOn: day("1972-05-01"), firstAiredOn: day("1972-09-15") });
    const newer = title({ id: "NEW", producedOn: day("1975-05-01"), firstAiredOn: day("1975-09-15") });
    const lines = amounts(
      "amptp-2008-sag-final-offer",
      [old, newer],
      [usage(1, "OLD", "ad-supported-streaming", "2009-03-01", "2009-03-31", "10000"), usage(2, "NEW", "ad-supported-streaming", "2009-03-01", "2009-03-31", "10000")],
    );
    expect(lines).toEqual([
      { row: 1, status: "zero", amount: "0.00", performer: "", note: "produced 1972-05-01, before the 1974-07-01 cutoff of amptp-2008-sag-final-offer" },
      { row: 2, status: "payable", amount: "600.00", performer: "", note: "library from 2009-03-01, 31 of 31 days" },
    ]);
  });

  it("5: final offer, TV EST, 150,000 downloads for 300,000 → 2,160.00 + 2,100.00", () => {
    const show = title({ id: "E", firstAiredOn: day("2008-10-01") });
    const lines = amounts("amptp-2008-sag-final-offer", [show], [usage(1, "E", "electronic-sell-through", "2009-01-01", "2009-03-31", "300000", 150000)]);
    expect(lines.map((l) => l.amount)).toEqual(["2160.00", "2100.00"]);
  });
});
