import type { Line } from "../domain/lines.js";
import type { Citation, Contract } from "../domain/terms.js";
import { kindOf } from "../rule-kinds/registry.js";

/**
 * The cited terms a line rests on: its rule's own citation, its budget threshold, and what its
 * kind says the line used (a window, fixed periods, tiers, the rate steps whose value it took).
 * A front end warns when one of them is `uncertain`.
 */
export function termsOfLine(line: Line, contract: Contract): Citation[] {
  const rule = contract.cutoffs.find((cutoff) => cutoff.id === line.rule) ?? contract.rules.find((paying) => paying.id === line.rule);
  if (rule === undefined) return [];
  const terms: Citation[] = [];
  if (rule.citation) terms.push(rule.citation);
  const threshold = rule.budgetThreshold;
  if (threshold) for (const limit of [threshold.perMinute, threshold.perProgram]) if (limit) terms.push(limit.citation);
  terms.push(...(kindOf(rule.type).citations?.(rule, line) ?? []));
  return [...new Set(terms)];
}
