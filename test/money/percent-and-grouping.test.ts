import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Comparison } from "../../src/domain/comparison.js";
import type { Totals } from "../../src/domain/totals.js";
import { renderComparisonStream } from "../../src/io/out/comparison-format.js";
import { Dec } from "../../src/money/decimal.js";
import { groupThousands } from "../../src/money/grouping.js";
import { parsePortion, percentDifference, portionText } from "../../src/money/percent.js";

describe("percent difference (one rounding, half-up, from the exact quotient)", () => {
  it("is decimal.js's (difference ÷ baseline × 100) rounded half-up to the places asked", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 4 }), (difference, baseline, places) => {
        const exact = new Dec(difference.toString()).dividedBy(baseline.toString()).times(100);
        const expected = exact.toDecimalPlaces(places, Dec.ROUND_HALF_UP).times(new Dec(10).pow(places));
        expect(percentDifference(difference, baseline, places)!.toString()).toBe(expected.toFixed(0));
      }),
      { numRuns: 2000 },
    );
    expect(percentDifference(5n, 0n, 2)).toBeUndefined();
  });

  it("a table's tenths are not the hundredths rounded again", () => {
    // 123.49 ÷ 1,000.00 = 12.349%: 12.35 to hundredths, 12.3 to tenths (rounding 12.35 would give 12.4).
    const totals = (amount: bigint): Totals => ({ lines: 1, payable: 1, zero: 0, incomplete: 0, notModelled: 0, adjustment: 0, amount });
    const comparison: Comparison = {
      by: "medium",
      contracts: ["a", "b"],
      rows: [],
      total: {
        cells: [
          { contract: "a", totals: totals(100_000n) },
          { contract: "b", totals: totals(112_349n), difference: 12_349n, percent: percentDifference(12_349n, 100_000n, 2)! },
        ],
        decidingRules: [],
      },
    };
    const render = (format: "csv" | "table") => [...renderComparisonStream(comparison, format)].join("");
    expect(render("csv")).toContain("total,1000.00,1123.49,123.49,12.35,");
    expect(render("table")).toMatch(/total\s+1,000\.00\s+1,123\.49\s+\+123\.49\s+\+12\.3%/);
  });
});

describe("thousands grouping (written once, for every number the program shows)", () => {
  it("groups the whole part and keeps the sign and the fraction", () => {
    expect(["0", "999", "1000", "-1000", "2833.33", "-1234567.891", "40000", "100000.5"].map(groupThousands)).toEqual([
      "0",
      "999",
      "1,000",
      "-1,000",
      "2,833.33",
      "-1,234,567.891",
      "40,000",
      "100,000.5",
    ]);
  });

  it("is what Intl's en-US grouping gives for any whole number", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (value) => {
        expect(groupThousands(value.toString())).toBe(value.toLocaleString("en-US"));
      }),
    );
  });
});

describe("a share as a fraction or a percentage (parsePortion), exactly", () => {
  it("a percentage is its number over 100, never divided: the same value decimal.js gives for n ÷ 100", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 18 }), (digits, places) => {
        const text = new Dec(digits.toString()).dividedBy(new Dec(10).pow(places)).toFixed();
        const portion = parsePortion(`${text}%`)!;
        expect(portion.mine.dividedBy(portion.of).equals(new Dec(text).dividedBy(100))).toBe(true);
        expect(portion.percent).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["25%", "25", "100", "25%"],
    ["12.5 %", "12.5", "100", "12.5%"],
    ["0.25", "0.25", "1", "0.25"],
    [".25", "0.25", "1", "0.25"],
    ["1", "1", "1", "1"],
    ["-0.1", "-0.1", "1", "-0.1"],
  ])("%s is %s ÷ %s, shown %s", (text, mine, of, shown) => {
    const portion = parsePortion(text)!;
    expect([portion.mine.toFixed(), portion.of.toFixed(), portionText(portion)]).toEqual([mine, of, shown]);
  });

  it.each(["", "%", "25%%", "0,25", "1/4", "a quarter", "25 percent", "1e-2", "0x10"])("%j is neither", (text) => {
    expect(parsePortion(text)).toBeUndefined();
  });
});
