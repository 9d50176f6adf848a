import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateCents } from "../../src/engine/allocate.js";
import { Dec } from "../../src/engine/money.js";

const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => new Dec(n).dividedBy(100));
const weights = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(1, 10, 100)).map(([n, scale]) => new Dec(n).dividedBy(scale)),
    { minLength: 1, maxLength: 12 },
  )
  .filter((list) => list.some((w) => !w.isZero()));

const sum = (values: readonly Dec[]) => values.reduce((total, value) => total.plus(value), new Dec(0));

describe("allocateCents (property tests)", () => {
  it("always sums to the pool, exactly", () => {
    fc.assert(
      fc.property(cents, weights, (pool, shares) => {
        expect(sum(allocateCents(pool, shares)).equals(pool)).toBe(true);
      }),
    );
  });

  it("gives whole cents, each within one cent of the exact share, on the pool's side of zero", () => {
    fc.assert(
      fc.property(cents, weights, (pool, shares) => {
        const total = sum(shares);
        allocateCents(pool, shares).forEach((share, index) => {
          expect(share.times(100).isInteger()).toBe(true);
          const exact = pool.times(shares[index]!).dividedBy(total);
          expect(share.minus(exact).abs().lessThan(new Dec("0.01"))).toBe(true);
          if (!share.isZero()) expect(share.isNegative()).toBe(pool.isNegative());
        });
      }),
    );
  });

  it("gives a zero weight nothing, and equal weights shares at most a cent apart (earlier ones first)", () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 1, max: 10 }), (pool, count) => {
        const shares = allocateCents(pool, [new Dec(0), ...Array.from({ length: count }, () => new Dec(1))]);
        expect(shares[0]!.isZero()).toBe(true);
        const rest = shares.slice(1).map((share) => share.abs());
        for (let i = 1; i < rest.length; i++) expect(rest[i - 1]!.greaterThanOrEqualTo(rest[i]!)).toBe(true);
        expect(rest[0]!.minus(rest[rest.length - 1]!).lessThanOrEqualTo(new Dec("0.01"))).toBe(true);
      }),
    );
  });
});
