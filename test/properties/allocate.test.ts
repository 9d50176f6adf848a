import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Allocation } from "../../src/money/allocate.js";
import { Dec } from "../../src/money/decimal.js";
import { decOf } from "../../src/money/scaled.js";

const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => BigInt(n));
const weights = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(1, 10, 100)).map(([n, scale]) => new Dec(n).dividedBy(scale)),
    { minLength: 1, maxLength: 12 },
  )
  .filter((list) => list.some((w) => !w.isZero()));

/** Larger pools, and more weights than are ordered by insertion (see largestFirst). */
const largeCents = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
const largeWeights = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom(1, 1000, 1_000_000)).map(([n, scale]) => new Dec(n).dividedBy(scale)),
    { minLength: 1, maxLength: 40 },
  )
  .filter((list) => list.some((w) => !w.isZero()));

/**
 * The split worked out again in decimal.js, from the rule itself: each share's floor of
 * |pool| × weight ÷ total, then a cent more for each of the largest remainders (ties: the
 * earlier weight), as many as the floors fall short, the pool's sign last.
 */
function referenceSplit(pool: bigint, shares: readonly Dec[]): bigint[] {
  const magnitude = new Dec((pool < 0n ? -pool : pool).toString());
  const total = sum(shares);
  const products = shares.map((share) => magnitude.times(share));
  const remainders = products.map((product) => product.mod(total));
  const floors = products.map((product, index) => product.minus(remainders[index]!).dividedBy(total));
  let left = magnitude.minus(sum(floors)).toNumber();
  const order = shares.map((_, index) => index).sort((a, b) => remainders[b]!.comparedTo(remainders[a]!) || a - b);
  for (const index of order) if (left-- > 0) floors[index] = floors[index]!.plus(1);
  return floors.map((floor) => BigInt(floor.toFixed(0)) * (pool < 0n ? -1n : 1n));
}

const sum = (values: readonly Dec[]) => values.reduce((total, value) => total.plus(value), new Dec(0));
const abs = (value: bigint) => (value < 0n ? -value : value);
const allocateCents = (pool: bigint, shares: readonly Dec[]) => new Allocation(shares).split(pool);

describe("Allocation (property tests)", () => {
  it("always sums to the pool, exactly", () => {
    fc.assert(
      fc.property(cents, weights, (pool, shares) => {
        expect(allocateCents(pool, shares).reduce((total, share) => total + share, 0n)).toBe(pool);
      }),
    );
  });

  it("gives whole cents, each within one cent of the exact share, on the pool's side of zero", () => {
    fc.assert(
      fc.property(cents, weights, (pool, shares) => {
        const total = sum(shares);
        allocateCents(pool, shares).forEach((share, index) => {
          expect(typeof share).toBe("bigint");
          const exact = new Dec(pool.toString()).times(shares[index]!).dividedBy(total);
          expect(new Dec(share.toString()).minus(exact).abs().lessThan(1)).toBe(true);
          if (share !== 0n) expect(share < 0n).toBe(pool < 0n);
        });
      }),
    );
  });

  it("splits every pool as a fresh allocation of the same weights would: one serves a title's rows", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 2, maxLength: 8 }), weights, (pools, shares) => {
        const allocation = new Allocation(shares);
        for (const pool of pools) expect(allocation.split(pool)).toEqual(allocateCents(pool, shares));
      }),
    );
  });

  it("totals its weights exactly, as decimal.js adds them (the cast's total units)", () => {
    fc.assert(
      fc.property(weights, (shares) => {
        expect(decOf(new Allocation(shares).total).equals(sum(shares))).toBe(true);
      }),
    );
  });

  it("splits as the rule worked out in decimal.js does, for a few weights or many, small or large", () => {
    fc.assert(
      fc.property(cents, weights, (pool, shares) => {
        expect(allocateCents(pool, shares)).toEqual(referenceSplit(pool, shares));
      }),
    );
    fc.assert(
      fc.property(largeCents, largeWeights, (pool, shares) => {
        expect(allocateCents(pool, shares)).toEqual(referenceSplit(pool, shares));
      }),
    );
  });

  it("breaks exact ties by order, even where the shares' decimals do not end", () => {
    // 263,817 cents by 5 : 0.6 : 1 → 199,861 4/11, 23,983 4/11 and 39,972 3/11: the tied first two
    // remainders are 4/11 each, so the one cent left goes to the first.
    expect(allocateCents(263817n, [new Dec(5), new Dec("0.6"), new Dec(1)])).toEqual([199862n, 23983n, 39972n]);
  });

  it("gives a zero weight nothing, and equal weights shares at most a cent apart (earlier ones first)", () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 1, max: 50 }), (pool, count) => {
        const shares = allocateCents(pool, [new Dec(0), ...Array.from({ length: count }, () => new Dec(1))]);
        expect(shares[0]).toBe(0n);
        const rest = shares.slice(1).map(abs);
        for (let i = 1; i < rest.length; i++) expect(rest[i - 1]! >= rest[i]!).toBe(true);
        expect(rest[0]! - rest[rest.length - 1]! <= 1n).toBe(true);
      }),
    );
  });
});
