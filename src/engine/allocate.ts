import { Dec } from "./money.js";

/**
 * Splits `pool` (a whole number of cents, as a Dec with 2 decimals) by `weights` so the shares
 * always sum to the pool exactly: each share gets its floor, then the remaining cents go one
 * by one to the largest remainders (ties: earlier weight first). Weights must not all be zero.
 */
export function allocateCents(pool: Dec, weights: readonly Dec[]): Dec[] {
  const cents = pool.times(100);
  const totalWeight = weights.reduce((sum, w) => sum.plus(w), new Dec(0));
  if (totalWeight.isZero()) throw new Error("allocateCents: weights sum to zero");
  const negative = cents.isNegative();
  const magnitude = cents.abs();
  const floors: Dec[] = [];
  const remainders: Dec[] = [];
  for (const weight of weights) {
    const exact = magnitude.times(weight).dividedBy(totalWeight);
    const floor = exact.floor();
    floors.push(floor);
    remainders.push(exact.minus(floor));
  }
  let left = magnitude.minus(floors.reduce((sum, f) => sum.plus(f), new Dec(0))).toNumber();
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = floors[index]!.plus(1);
    left -= 1;
  }
  return floors.map((f) => (negative ? f.negated() : f).dividedBy(100));
}
