import { formatMoney } from "../money/decimal.js";
import type { Title } from "../domain/inputs.js";
import type { Draft } from "../domain/lines.js";
import type { BudgetThreshold, RuntimeRange } from "../domain/terms.js";

/**
 * Budget thresholds, a term several rule kinds share: new-media originals are covered (or
 * eligible for a bonus) only at or above one.
 */

/** The first range that holds `runtime` minutes, if any. */
export function inRuntimeRange<R extends RuntimeRange>(ranges: readonly R[], runtime: number): R | undefined {
  return ranges.find((range) => runtime >= range.from && (range.to === undefined || runtime <= range.to));
}

/** "20-35 minutes", "66 minutes or more". */
export function runtimeRangeText(range: RuntimeRange): string {
  return range.to === undefined ? `${range.from} minutes or more` : `${range.from}-${range.to} minutes`;
}

/**
 * New-media originals are covered only above a budget threshold: per minute of runtime, per
 * program, or per program by runtime band (where the contract has them; any one met covers the
 * title). Returns a draft when the title is not covered.
 */
export function budgetShortfall(rule: { readonly id: string }, threshold: BudgetThreshold, title: Title): Draft | undefined {
  const budget = title.budget;
  if (budget === undefined) {
    return { type: "incomplete", rule: rule.id, missing: "budget", note: "budget is missing (needed for the new-media budget threshold)" };
  }
  const perProgram = threshold.perProgram;
  if (perProgram && budget.greaterThanOrEqualTo(perProgram.amount)) return undefined;
  const { perMinute, byRuntime } = threshold;
  if (perMinute || byRuntime) {
    if (title.runtimeMinutes === undefined) {
      const what = perMinute ? "the budget per minute" : "the budget threshold by runtime";
      return { type: "incomplete", rule: rule.id, missing: "runtime_minutes", note: `runtime_minutes is missing (needed for ${what})` };
    }
  }
  const runtime = title.runtimeMinutes!;
  const band = byRuntime ? inRuntimeRange(byRuntime.bands, runtime) : undefined;
  if (band && budget.greaterThanOrEqualTo(band.amount)) return undefined;
  // Budget ≥ threshold × minutes: the same test as budget ÷ minutes ≥ threshold, but exact, and
  // a covered title (most) makes no division.
  if (perMinute && budget.greaterThanOrEqualTo(perMinute.amount.times(runtime))) return undefined;
  const shortfalls: string[] = [];
  if (perMinute) shortfalls.push(`budget per minute ${formatMoney(budget.dividedBy(runtime))} is below the ${formatMoney(perMinute.amount)} threshold`);
  if (byRuntime) {
    shortfalls.push(
      band
        ? `budget ${formatMoney(budget)} is below the ${formatMoney(band.amount)} threshold for ${runtimeRangeText(band)}`
        : `a runtime of ${runtime} minutes is in no budget band of the threshold`,
    );
  }
  if (perProgram) {
    const clause = `budget ${formatMoney(budget)} below ${formatMoney(perProgram.amount)} per program`;
    shortfalls.push(shortfalls.length > 0 ? clause : `budget ${formatMoney(budget)} is below the ${formatMoney(perProgram.amount)} per-program threshold`);
  }
  return { type: "zero", rule: rule.id, exclusion: "budget threshold", note: shortfalls.join(" and ") };
}
