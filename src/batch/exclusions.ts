import type { ExclusionKind, Line } from "../engine/lines.js";
import type { Contract } from "../engine/terms.js";

/** A rule that made a use pay nothing outright, whatever the amounts: what `compare` names. */
export interface Exclusion {
  readonly contract: string;
  readonly kind: ExclusionKind;
  /** Rule id; empty for "no rule" (the contract has no rule for that kind and medium). */
  readonly rule: string;
}

/**
 * Why a `zero` line pays nothing, when the reason is a rule excluding the use (a cutoff, a
 * no-residual rule, a budget threshold, or no rule at all) rather than the arithmetic (a window,
 * a period already paid, no gross): the engine marks such lines. Undefined for every other line.
 */
export function exclusionOf(contract: Contract, line: Line): Exclusion | undefined {
  if (line.exclusion === undefined) return undefined;
  return { contract: contract.id, kind: line.exclusion, rule: line.rule };
}

/** "cutoff tv-produced-before-1974-no-streaming", or just the kind where there is no rule. */
export function describeExclusion(exclusion: Exclusion): string {
  return exclusion.rule ? `${exclusion.kind} ${exclusion.rule}` : exclusion.kind;
}
