import type { Line } from "../domain/lines.js";
import type { Dec } from "../money/decimal.js";
import type { Citation, Contract, Dated, Rule } from "../domain/terms.js";

/**
 * The cited terms a line rests on: its rule's own citation, the structure it went through (a
 * window, fixed periods, tiers, a budget threshold) and the rate steps whose value it used.
 * A front end warns when one of them is `uncertain`.
 */
export function termsOfLine(line: Line, contract: Contract): Citation[] {
  const rule: Rule | undefined = contract.cutoffs.find((cutoff) => cutoff.id === line.rule) ?? contract.rules.find((paying) => paying.id === line.rule);
  if (rule === undefined) return [];
  const terms: Citation[] = [];
  if (rule.citation) terms.push(rule.citation);
  const threshold = rule.budgetThreshold;
  if (threshold) for (const limit of [threshold.perMinute, threshold.perProgram]) if (limit) terms.push(limit.citation);
  const rateSteps = (term: Dated<Dec | null> | undefined) =>
    term?.steps.filter((step) => step.value !== null && line.rate !== undefined && step.value.eq(line.rate)).map((step) => step.citation) ?? [];
  if (rule.type === "zoned-streaming") {
    terms.push(rule.window.citation);
    if (line.basis === "distributor_gross") terms.push(...rateSteps(rule.library.rate));
    else {
      terms.push(rule.fixedPeriods.citation);
      terms.push(...rateSteps(rule.fixedPeriods.rate), ...[...rule.fixedPeriods.marketRates.values()].flatMap(rateSteps));
    }
  } else if (rule.type === "revenue") {
    if (rule.tiers) terms.push(rule.tiers.citation, ...rule.tiers.bands.flatMap((band) => rateSteps(band.rate)));
    terms.push(...rateSteps(rule.rate));
  }
  return [...new Set(terms)];
}
