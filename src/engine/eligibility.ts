import type { Title } from "../domain/inputs.js";
import type { Draft } from "../domain/lines.js";
import type { Applicability, Contract, RuleTerms } from "../domain/terms.js";
import { kindOf } from "../rule-kinds/registry.js";
import { KINDS, MARKETS, MEDIA, type Medium } from "../domain/vocabulary.js";

export function applies(applicability: Applicability, title: Title, medium: Medium): boolean {
  if (!applicability.kinds.has(title.kind) || !applicability.media.has(medium)) return false;
  if (applicability.markets === undefined) return true;
  return title.market !== undefined && applicability.markets.has(title.market);
}

/**
 * What a contract's rules say of every title of one kind and market on one medium: the cutoffs
 * that apply to them, in file order, and the rules that compute their rows, in file order: the
 * paying rule (the highest priority of those that apply; none where no rule covers the use)
 * and every rule that adds to others (docs/calculation.md, "Which rules compute a row").
 * Nothing else of a title decides these, so they are worked out once per such profile (a few
 * dozen at most), not once per title.
 */
export interface Profile {
  readonly cutoffs: readonly RuleTerms[];
  readonly rules: readonly RuleTerms[];
  /** Whether some rule pays in place of the others (else the use has "no rule"). */
  readonly covered: boolean;
}

export function profileOf(contract: Contract, title: Title, medium: Medium): Profile {
  let paying: RuleTerms | undefined;
  const adding: RuleTerms[] = [];
  for (const rule of contract.rules) {
    if (!applies(rule.applies, title, medium)) continue;
    if (rule.addsToOthers) adding.push(rule);
    else if (paying === undefined || rule.priority > paying.priority) paying = rule;
  }
  const rules = paying === undefined ? adding : [paying, ...adding].sort((a, b) => a.order - b.order);
  return { cutoffs: contract.cutoffs.filter((cutoff) => applies(cutoff.applies, title, medium)), rules, covered: paying !== undefined };
}

/** The rule that pays for this title and medium in place of the others (not those that add to it), if any. */
export function payingRule(contract: Contract, title: Title, medium: Medium): RuleTerms | undefined {
  const profile = profileOf(contract, title, medium);
  return profile.covered ? profile.rules.find((rule) => !rule.addsToOthers) : undefined;
}

/** Profiles there are: kinds × (markets and none) × media. */
export const PROFILES = KINDS.length * (MARKETS.length + 1) * MEDIA.length;

/** A title's profile on a medium as a number below PROFILES (see Profile). */
export function profileNumber(title: Title, medium: Medium): number {
  // The vocabulary's own strings: indexOf compares them by identity, over a handful each.
  const market = title.market === undefined ? 0 : MARKETS.indexOf(title.market) + 1;
  return (KINDS.indexOf(title.kind) * (MARKETS.length + 1) + market) * MEDIA.length + MEDIA.indexOf(medium);
}

/** The draft of the first of a profile's cutoffs that excludes the title, if any. */
export function exclusionDraft(contract: Contract, profile: Profile, title: Title): Draft | undefined {
  for (const cutoff of profile.cutoffs) {
    const draft = kindOf(cutoff.type).excludes!(cutoff, title, contract);
    if (draft) return draft;
  }
  return undefined;
}

export { budgetShortfall } from "../rule-kinds/budget-threshold.js";
