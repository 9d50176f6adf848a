import { formatMoney } from "../money/decimal.js";
import type { Title } from "../domain/inputs.js";
import type { Draft } from "../domain/lines.js";
import type { Applicability, BudgetThreshold, Contract, RuleTerms } from "../domain/terms.js";
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

/**
 * New-media originals are covered only above a budget threshold: per minute of runtime, or
 * (where the contract has one) per program. Returns a draft when the title is not covered.
 */
export function budgetShortfall(rule: RuleTerms, threshold: BudgetThreshold, title: Title): Draft | undefined {
  if (title.budget === undefined) {
    return { type: "incomplete", rule: rule.id, missing: "budget", note: "budget is missing (needed for the new-media budget threshold)" };
  }
  const perProgram = threshold.perProgram;
  if (perProgram && title.budget.greaterThanOrEqualTo(perProgram.amount)) return undefined;
  const perMinute = threshold.perMinute;
  if (perMinute) {
    if (title.runtimeMinutes === undefined) {
      return { type: "incomplete", rule: rule.id, missing: "runtime_minutes", note: "runtime_minutes is missing (needed for the budget per minute)" };
    }
    // Budget ≥ threshold × minutes: the same test as budget ÷ minutes ≥ threshold, but exact, and
    // a covered title (most) makes no division.
    if (title.budget.greaterThanOrEqualTo(perMinute.amount.times(title.runtimeMinutes))) return undefined;
    const budgetPerMinute = title.budget.dividedBy(title.runtimeMinutes);
    const programClause = perProgram ? ` and budget ${formatMoney(title.budget)} below ${formatMoney(perProgram.amount)} per program` : "";
    return {
      type: "zero",
      rule: rule.id,
      exclusion: "budget threshold",
      note: `budget per minute ${formatMoney(budgetPerMinute)} is below the ${formatMoney(perMinute.amount)} threshold${programClause}`,
    };
  }
  return {
    type: "zero",
    rule: rule.id,
    exclusion: "budget threshold",
    note: `budget ${formatMoney(title.budget)} is below the ${formatMoney(perProgram!.amount)} per-program threshold`,
  };
}
