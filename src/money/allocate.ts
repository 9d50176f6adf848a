import { aligned, scaledOf } from "./scaled.js";
import type { Dec } from "./decimal.js";

/**
 * Splits pools (cents) by fixed weights so the shares always sum to the pool exactly: each
 * share gets its floor, then the remaining cents go one by one to the largest remainders (ties:
 * earlier weight first). Weights are ≥ 0, not all zero. All in integers: the weights are brought
 * to one scale once, so each exact share is a fraction over their common total.
 */
export class Allocation {
  private readonly units: readonly bigint[];
  private readonly totalWeight: bigint;

  constructor(weights: readonly Dec[]) {
    const scaled = weights.map(scaledOf);
    const scale = scaled.reduce((most, weight) => Math.max(most, weight.scale), 0);
    this.units = scaled.map((weight) => aligned(weight, scale));
    this.totalWeight = this.units.reduce((sum, w) => sum + w, 0n);
    if (this.totalWeight === 0n) throw new Error("Allocation: weights sum to zero");
  }

  /** `pool` split by the weights, one share per weight, in their order. */
  split(pool: bigint): bigint[] {
    const { units, totalWeight } = this;
    const negative = pool < 0n;
    const magnitude = negative ? -pool : pool;
    const floors: bigint[] = new Array<bigint>(units.length);
    const remainders: bigint[] = new Array<bigint>(units.length);
    let left = magnitude;
    for (let index = 0; index < units.length; index++) {
      const exact = magnitude * units[index]!;
      floors[index] = exact / totalWeight;
      remainders[index] = exact % totalWeight;
      left -= floors[index]!;
    }
    if (left > 0n) {
      const order = remainders.map((_, index) => index).sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a]! < remainders[b]! ? 1 : -1));
      for (const index of order) {
        if (left <= 0n) break;
        floors[index]! += 1n;
        left -= 1n;
      }
    }
    return negative ? floors.map((f) => -f) : floors;
  }
}
