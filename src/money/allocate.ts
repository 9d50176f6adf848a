import { aligned, scaledOf } from "./scaled.js";
import type { Dec } from "./decimal.js";

/**
 * Splits `pool` (cents) by `weights` so the shares always sum to the pool exactly: each share
 * gets its floor, then the remaining cents go one by one to the largest remainders (ties:
 * earlier weight first). Weights are ≥ 0, not all zero. All in integers: the weights are brought
 * to one scale, so each exact share is a fraction over their common total.
 */
export function allocateCents(pool: bigint, weights: readonly Dec[]): bigint[] {
  const scaled = weights.map(scaledOf);
  const scale = Math.max(...scaled.map((weight) => weight.scale));
  const units = scaled.map((weight) => aligned(weight, scale));
  const totalWeight = units.reduce((sum, w) => sum + w, 0n);
  if (totalWeight === 0n) throw new Error("allocateCents: weights sum to zero");
  const negative = pool < 0n;
  const magnitude = negative ? -pool : pool;
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  for (const weight of units) {
    const exact = magnitude * weight;
    floors.push(exact / totalWeight);
    remainders.push(exact % totalWeight);
  }
  let left = magnitude - floors.reduce((sum, f) => sum + f, 0n);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder < b.remainder ? 1 : -1));
  for (const { index } of order) {
    if (left <= 0n) break;
    floors[index]! += 1n;
    left -= 1n;
  }
  return negative ? floors.map((f) => -f) : floors;
}
