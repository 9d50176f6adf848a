import { budgetShortfall } from "../engine/eligibility.js";
import type { Title } from "../engine/inputs.js";
import type { Line } from "../engine/lines.js";
import type { Contract } from "../engine/terms.js";

/** A rule that made a use pay nothing outright, whatever the amounts: what `compare` names. */
export interface Exclusion {
  readonly contract: string;
  readonly kind: "cutoff" | "no residual" | "budget threshold" | "no rule";
  /** Rule id; empty for "no rule" (the contract has no rule for that kind and medium). */
  readonly rule: string;
}

/**
 * Why a `zero` line pays nothing, when the reason is a rule excluding the use (a cutoff, a
 * no-residual rule, a budget threshold, or no rule at all) rather than the arithmetic (a window,
 * a period already paid, no gross). Undefined for every other line.
 */
export function exclusionOf(contract: Contract, line: Line, title: Title | undefined): Exclusion | undefined {
  if (line.status !== "zero") return undefined;
  const at = (kind: Exclusion["kind"]): Exclusion => ({ contract: contract.id, kind, rule: line.rule });
  if (line.rule === "") return at("no rule");
  if (contract.cutoffs.some((cutoff) => cutoff.id === line.rule)) return at("cutoff");
  const rule = contract.rules.find((paying) => paying.id === line.rule);
  if (rule === undefined) return undefined;
  if (rule.type === "no-residual") return at("no residual");
  // The threshold is checked before anything else the rule does, so a title below it gets only this line.
  if (rule.budgetThreshold && title && budgetShortfall(rule, rule.budgetThreshold, title)?.type === "zero") return at("budget threshold");
  return undefined;
}

export function describeExclusion(exclusion: Exclusion): string {
  return exclusion.rule ? `${exclusion.kind} ${exclusion.rule}` : exclusion.kind;
}
