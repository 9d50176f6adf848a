import type { Exclusion } from "../domain/comparison.js";
import type { Line } from "../domain/lines.js";
import type { Contract } from "../domain/terms.js";

/**
 * Why a `zero` line pays nothing, when the reason is a rule excluding the use (a cutoff, a
 * no-residual rule, a budget threshold, or no rule at all) rather than the arithmetic (a window,
 * a period already paid, no gross): the engine marks such lines. Undefined for every other line.
 */
export function exclusionOf(contract: Contract, line: Line): Exclusion | undefined {
  if (line.exclusion === undefined) return undefined;
  return { contract: contract.id, kind: line.exclusion, rule: line.rule };
}


/** An exclusion with its key ("kind rule") and its key among a group's deciding entries ("index kind rule"). */
export interface NamedExclusion {
  readonly exclusion: Exclusion;
  readonly key: string;
  readonly entryKey: string;
}
