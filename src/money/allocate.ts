import { aligned, scaledOf, type Scaled } from "./scaled.js";
import type { Dec } from "./decimal.js";

/**
 * Splits pools (cents) by fixed weights so the shares always sum to the pool exactly: each
 * share gets its floor, then the remaining cents go one by one to the largest remainders (ties:
 * earlier weight first). Weights are ≥ 0, not all zero. All in integers: the weights are brought
 * to one scale once, so each exact share is a fraction over their common total.
 */
export class Allocation {
  private readonly units: bigint[] = [];
  /** The weights' sum, exactly (the units' sum at their common scale). */
  readonly total: Scaled;

  // Plain loops over arrays filled by push: arrays made by map, or by `new Array(n)`, take
  // other element kinds, and the optimized code that met one kind after another was thrown
  // away and compiled again.
  constructor(weights: readonly Dec[]) {
    let scale = 0;
    for (const weight of weights) scale = Math.max(scale, scaledOf(weight).scale);
    let total = 0n;
    for (const weight of weights) {
      const units = aligned(scaledOf(weight), scale);
      this.units.push(units);
      total += units;
    }
    if (total === 0n) throw new Error("Allocation: weights sum to zero");
    this.total = { unscaled: total, scale };
  }

  /** `pool` split by the weights, one share per weight, in their order. */
  split(pool: bigint): bigint[] {
    const units = this.units;
    const totalWeight = this.total.unscaled;
    const negative = pool < 0n;
    const magnitude = negative ? -pool : pool;
    const floors: bigint[] = [];
    const remainders: bigint[] = [];
    let left = magnitude;
    for (let index = 0; index < units.length; index++) {
      const exact = magnitude * units[index]!;
      const floor = exact / totalWeight;
      floors.push(floor);
      remainders.push(exact % totalWeight);
      left -= floor;
    }
    if (left > 0n) {
      // Fewer cents are left than there are shares.
      const order = largestFirst(remainders);
      for (let at = 0; left > 0n; at++, left -= 1n) floors[order[at]!]! += 1n;
    }
    if (negative) for (let index = 0; index < floors.length; index++) floors[index] = -floors[index]!;
    return floors;
  }
}

/** A cast's size: up to it, remainders are put in order by insertion, with no call per comparison. */
const FEW = 32;

/** The remainders' indexes, the largest remainder first (ties: the earlier index first). */
function largestFirst(remainders: readonly bigint[]): number[] {
  const order: number[] = [];
  if (remainders.length > FEW) {
    for (let index = 0; index < remainders.length; index++) order.push(index);
    return order.sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a]! < remainders[b]! ? 1 : -1));
  }
  for (let index = 0; index < remainders.length; index++) {
    let at = index;
    for (; at > 0 && remainders[order[at - 1]!]! < remainders[index]!; at--) order[at] = order[at - 1]!;
    order[at] = index;
  }
  return order;
}
