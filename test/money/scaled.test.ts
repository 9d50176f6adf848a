import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addScaled,
  centsGrouped,
  centsOf,
  centsText,
  compareScaled,
  decOf,
  divideHalfUp,
  parseCents,
  parseScaled,
  productCents,
  scaledFromDec,
  scaledOf,
  subtractScaled,
} from "../../src/money/scaled.js";
import { Dec } from "../../src/money/decimal.js";

const scaled = (text: string) => parseScaled(text)!;

describe("scaled integers", () => {
  it("read plain decimal text exactly, and nothing else", () => {
    expect(parseScaled("21973.50")).toEqual({ unscaled: 2197350n, scale: 2 });
    expect(parseScaled("100")).toEqual({ unscaled: 100n, scale: 0 });
    expect(parseScaled("0.005")).toEqual({ unscaled: 5n, scale: 3 });
    expect(parseScaled("123456789012345678901234567890.123456789")).toEqual({ unscaled: 123456789012345678901234567890123456789n, scale: 9 });
    for (const text of ["", ".5", "5.", "1.2.3", "-1", "+1", " 1", "1e3", "0x10", "$1", "1,000"]) expect(parseScaled(text), text).toBeUndefined();
  });

  it("read any number of digits exactly, on either side of 15 (read as a number up to there)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }), (whole, fraction) => {
        const text = fraction === undefined ? whole : `${whole}.${fraction}`;
        expect(parseScaled(text)).toEqual({ unscaled: BigInt(whole + (fraction ?? "")), scale: fraction?.length ?? 0 });
      }),
    );
  });

  it("convert from and to Decs exactly", () => {
    expect(scaledFromDec(new Dec("-12.340"))).toEqual({ unscaled: -1234n, scale: 2 });
    expect(scaledFromDec(new Dec("1e-7"))).toEqual({ unscaled: 1n, scale: 7 });
    expect(scaledFromDec(new Dec("1.5e25"))).toEqual({ unscaled: 15000000000000000000000000n, scale: 0 });
    expect(() => scaledFromDec(new Dec(NaN))).toThrow();
    expect(decOf(scaled("21973.50")).toFixed()).toBe("21973.5");
    expect(decOf({ unscaled: -5n, scale: 3 }).toFixed()).toBe("-0.005");
    const rate = new Dec("0.036");
    expect(scaledOf(rate)).toBe(scaledOf(rate));
  });

  it("add, subtract and compare across scales", () => {
    expect(decOf(addScaled(scaled("4999999.995"), scaled("1.01"))).toFixed()).toBe("5000001.005");
    expect(decOf(subtractScaled(scaled("5000000"), scaled("4999999.995"))).toFixed()).toBe("0.005");
    expect(compareScaled(scaled("5000000.00"), scaled("5000000"))).toBe(0);
    expect(compareScaled(scaled("4999999.999"), scaled("5000000"))).toBe(-1);
    expect(compareScaled(scaled("5000000.001"), scaled("5000000"))).toBe(1);
  });
});

describe("rounding to cents", () => {
  it("rounds half-up, halves away from zero", () => {
    expect([5n, 15n, 14n, 16n, -5n, -15n, -14n, 0n].map((n) => divideHalfUp(n, 10n))).toEqual([1n, 2n, 1n, 2n, -1n, -2n, -1n, 0n]);
    expect(divideHalfUp(7n, 1n)).toBe(7n);
    expect(() => divideHalfUp(1n, 0n)).toThrow();
    expect(centsOf(scaled("0.005"))).toBe(1n);
    expect(centsOf(scaled("0.00499999"))).toBe(0n);
    expect(centsOf(scaled("12"))).toBe(1200n);
    expect(centsOf({ unscaled: -5n, scale: 3 })).toBe(-1n);
  });

  it("computes rate × amount × count ÷ of with one rounding at the end", () => {
    // 3% × 2,833.33 = 84.9999 → 85.00; 3% × 759.00 = 22.77 (docs/calculation.md, worked examples 1 and 2).
    expect(productCents(scaled("0.03"), scaled("2833.33"))).toBe(8500n);
    expect(productCents(scaled("0.03"), scaled("759.00"))).toBe(2277n);
    // 6% × 3,100.00 × 16 ÷ 31 = 96.00 exactly; 6% × 1,000 × 1 ÷ 3 = 20.00 (19.999… rounded once).
    expect(productCents(scaled("0.06"), scaled("3100.00"), 16, 31)).toBe(9600n);
    expect(productCents(scaled("0.06"), scaled("1000"), 1, 3)).toBe(2000n);
    // 3.6% × 2,780.55 = 100.0998 → 100.10; a half cent goes up: 0.5% × 1.00 = 0.005 → 0.01.
    expect(productCents(scaled("0.036"), scaled("2780.55"))).toBe(10010n);
    expect(productCents(scaled("0.005"), scaled("1.00"))).toBe(1n);
    expect(productCents(scaled("1"), scaled("7"))).toBe(700n);
  });
});

describe("cents as text", () => {
  it("formats cents, with a sign where negative", () => {
    expect([0n, 5n, 45n, 100n, 123456n, -5n, -123456n].map(centsText)).toEqual(["0.00", "0.05", "0.45", "1.00", "1234.56", "-0.05", "-1234.56"]);
    expect([0n, 99999n, 100000n, 123456789n, -123456789n].map(centsGrouped)).toEqual(["0.00", "999.99", "1,000.00", "1,234,567.89", "-1,234,567.89"]);
  });

  it("reads amounts back as cents", () => {
    expect(["1234.56", "1234.5", "1234", "0.05", "-0.05", "-1234.56"].map(parseCents)).toEqual([123456n, 123450n, 123400n, 5n, -5n, -123456n]);
    for (const text of ["1.005", "", "1,000.00", "$5"]) expect(() => parseCents(text), text).toThrow();
  });
});
