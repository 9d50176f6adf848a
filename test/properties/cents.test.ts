import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsText, decOf, divideHalfUp, parseCents, parseScaled, productCents, scaledFromDec, type Scaled } from "../../src/money/scaled.js";
import { Dec } from "../../src/money/decimal.js";

/** A decimal with up to `places` decimals (negative too, if `signed`), as a Dec and as a Scaled converted from it. */
const decimal = (maxUnscaled: bigint, places: number, signed = false) =>
  fc.tuple(fc.bigInt({ min: signed ? -maxUnscaled : 0n, max: maxUnscaled }), fc.integer({ min: 0, max: places })).map(([unscaled, scale]): [Dec, Scaled] => {
    const value = decOf({ unscaled, scale });
    return [value, scaledFromDec(value)];
  });

/** What the engine rounds: rate × gross × count ÷ of, half-up to cents, in decimals. */
const decimalCents = (rate: Dec, gross: Dec, count: number, of: number) => rate.times(gross).times(count).dividedBy(of).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);

/**
 * Rates with up to 12 decimals and gross with up to 6, of up to 12 and 19 digits: the product
 * has fewer than the Dec's 40 significant digits, so the decimal computation is exact up to its
 * division. Days and units up to a million.
 */
const rate = decimal(10n ** 12n, 12);
const gross = decimal(10n ** 19n, 6);
const count = fc.integer({ min: 1, max: 1_000_000 });
/** Small values, which land on exact half cents often (and negatives, which round away from zero). */
const smallRate = decimal(1000n, 3);
const smallGross = decimal(1000n, 2, true);
const smallCount = fc.integer({ min: 1, max: 8 });

describe("integer cents (property tests)", () => {
  it("rate × gross × count ÷ of rounds exactly as the decimal computation does", () => {
    fc.assert(
      fc.property(rate, gross, count, count, ([rateDec, rateScaled], [grossDec, grossScaled], a, b) => {
        const [part, of] = a <= b ? [a, b] : [b, a];
        expect(centsText(productCents(rateScaled, grossScaled, part, of))).toBe(decimalCents(rateDec, grossDec, part, of));
        expect(centsText(productCents(rateScaled, grossScaled))).toBe(decimalCents(rateDec, grossDec, 1, 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("so does it on half cents, both sides of zero", () => {
    fc.assert(
      fc.property(smallRate, smallGross, smallCount, smallCount, ([rateDec, rateScaled], [grossDec, grossScaled], part, of) => {
        expect(centsText(productCents(rateScaled, grossScaled, part, of))).toBe(decimalCents(rateDec, grossDec, part, of));
      }),
      { numRuns: 2000 },
    );
  });

  it("plain decimal text reads as the same value a Dec reads", () => {
    const digits = (maxLength: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength });
    fc.assert(
      fc.property(digits(25), fc.option(digits(12), { nil: undefined }), (whole, fraction) => {
        const text = fraction === undefined ? whole : `${whole}.${fraction}`;
        const value = parseScaled(text)!;
        expect(decOf(value).equals(new Dec(text))).toBe(true);
        expect(value.scale).toBe(fraction?.length ?? 0);
      }),
    );
  });

  it("cents survive their text", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (cents) => {
        expect(parseCents(centsText(cents))).toBe(cents);
        expect(centsText(cents)).toBe(new Dec(cents.toString()).dividedBy(100).toFixed(2));
      }),
    );
  });

});
