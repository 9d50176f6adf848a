import type { Exclusion } from "../domain/comparison.js";
import type { NamedExclusion } from "./exclusions.js";

/**
 * What the deciding rules cost: for each contract against the baseline, the usage rows they pay
 * differently where an exclusion (a cutoff, a budget threshold, no residual, no rule) fired
 * under one of the two and not the other, and the sum of those differences in cents (the
 * contract's amount less the baseline's, row by row). Rows that differ by rates alone are not
 * counted here: their part of a contract's difference is what remains of it.
 */
export interface RuleCost {
  /** Index of the contract compared with the baseline (1 or more). */
  readonly contract: number;
  /** The exclusions that decided the rows: the baseline's the contract lacks, then the contract's the baseline lacks. */
  readonly exclusions: readonly Exclusion[];
  readonly cents: bigint;
  readonly rows: number;
}

/** RuleCosts as data, for a worker's share to be merged. */
export type RuleCostsData = [key: string, contract: number, exclusions: Exclusion[], cents: string, rows: number][];

export class RuleCosts {
  private readonly costs = new Map<string, { contract: number; exclusions: Exclusion[]; cents: bigint; rows: number }>();

  /** One usage row with an exclusion somewhere: each contract's payable cents and its distinct exclusions. */
  note(amounts: readonly bigint[], exclusions: readonly (readonly NamedExclusion[])[]): void {
    const baseline = exclusions[0]!;
    for (let index = 1; index < amounts.length; index++) {
      if (amounts[index] === amounts[0]) continue;
      const own = exclusions[index]!;
      const deciding = [...baseline.filter((named) => !own.some((other) => other.key === named.key)), ...own.filter((named) => !baseline.some((other) => other.key === named.key))];
      if (deciding.length === 0) continue;
      const key = `${index}|${deciding.map((named) => named.entryKey).join("|")}`;
      this.add(key, index, () => deciding.map((named) => named.exclusion), amounts[index]! - amounts[0]!, 1);
    }
  }

  clear(): void {
    this.costs.clear();
  }

  toData(): RuleCostsData {
    return [...this.costs].map(([key, cost]) => [key, cost.contract, cost.exclusions, cost.cents.toString(), cost.rows]);
  }

  merge(data: RuleCostsData): void {
    for (const [key, contract, exclusions, cents, rows] of data) this.add(key, contract, () => exclusions, BigInt(cents), rows);
  }

  /** Per contract in order, the costs largest first (by size, then by the rules' names). */
  list(): RuleCost[] {
    const magnitude = (cents: bigint) => (cents < 0n ? -cents : cents);
    const name = (cost: RuleCost) => cost.exclusions.map((e) => `${e.contract} ${e.kind} ${e.rule}`).join(", ");
    return [...this.costs.values()].sort((a, b) => a.contract - b.contract || compareBig(magnitude(b.cents), magnitude(a.cents)) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }

  private add(key: string, contract: number, exclusions: () => Exclusion[], cents: bigint, rows: number): void {
    const known = this.costs.get(key);
    if (known === undefined) this.costs.set(key, { contract, exclusions: exclusions(), cents, rows });
    else {
      known.cents += cents;
      known.rows += rows;
    }
  }
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
