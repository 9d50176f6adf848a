import { formatDay } from "../domain/days.js";
import { formatMoney } from "../money/decimal.js";
import type { Title } from "../domain/inputs.js";
import type { Draft } from "../domain/lines.js";
import type { Applicability, BudgetThreshold, Contract, CutoffRule, PayingRule } from "../domain/terms.js";
import { KINDS, MARKETS, MEDIA, type Medium } from "../domain/vocabulary.js";

export function applies(applicability: Applicability, title: Title, medium: Medium): boolean {
  if (!applicability.kinds.has(title.kind) || !applicability.media.has(medium)) return false;
  if (applicability.markets === undefined) return true;
  return title.market !== undefined && applicability.markets.has(title.market);
}

/**
 * What a contract's rules say of every title of one kind and market on one medium: the cutoffs
 * that apply to them, in order, and the paying rule. Nothing else of a title decides these, so
 * they are worked out once per such profile (a few dozen at most), not once per title.
 */
export interface Profile {
  readonly cutoffs: readonly CutoffRule[];
  readonly rule: PayingRule | undefined;
}

export function profileOf(contract: Contract, title: Title, medium: Medium): Profile {
  return { cutoffs: contract.cutoffs.filter((cutoff) => applies(cutoff.applies, title, medium)), rule: payingRule(contract, title, medium) };
}

/** Profiles there are: kinds × (markets and none) × media. */
export const PROFILES = KINDS.length * (MARKETS.length + 1) * MEDIA.length;

/** A title's profile on a medium as a number below PROFILES (see Profile). */
export function profileNumber(title: Title, medium: Medium): number {
  // The vocabulary's own strings: indexOf compares them by identity, over a handful each.
  const market = title.market === undefined ? 0 : MARKETS.indexOf(title.market) + 1;
  return (KINDS.indexOf(title.kind) * (MARKETS.length + 1) + market) * MEDIA.length + MEDIA.indexOf(medium);
}

/** The first of a profile's cutoffs that excludes the title (one produced before its date), if any. */
export function excludingCutoff(profile: Profile, title: Title): CutoffRule | undefined {
  for (const cutoff of profile.cutoffs) if (title.producedOn < cutoff.producedBefore) return cutoff;
  return undefined;
}

export function cutoffDraft(contract: Contract, cutoff: CutoffRule, title: Title): Draft {
  return {
    type: "zero",
    rule: cutoff.id,
    exclusion: "cutoff",
    note: `produced ${formatDay(title.producedOn)}, before the ${formatDay(cutoff.producedBefore)} cutoff of ${contract.id}`,
  };
}

/** The paying rule for this title and medium: rules are kept highest priority first. */
export function payingRule(contract: Contract, title: Title, medium: Medium): PayingRule | undefined {
  return contract.rules.find((rule) => applies(rule.applies, title, medium));
}

/**
 * New-media originals are covered only above a budget threshold: per minute of runtime, or
 * (where the contract has one) per program. Returns a draft when the title is not covered.
 */
export function budgetShortfall(rule: PayingRule, threshold: BudgetThreshold, title: Title): Draft | undefined {
  if (title.budget === undefined) {
    return { type: "incomplete", rule: rule.id, note: "budget is missing (needed for the new-media budget threshold)" };
  }
  const perProgram = threshold.perProgram;
  if (perProgram && title.budget.greaterThanOrEqualTo(perProgram.amount)) return undefined;
  const perMinute = threshold.perMinute;
  if (perMinute) {
    if (title.runtimeMinutes === undefined) {
      return { type: "incomplete", rule: rule.id, note: "runtime_minutes is missing (needed for the budget per minute)" };
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
