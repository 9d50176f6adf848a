import * as z from "zod";
import { formatDay, overlapDays, type Day } from "../../domain/days.js";
import type { Lookups, Services, Title, Usage } from "../../domain/inputs.js";
import type { Draft } from "../../domain/lines.js";
import type { BudgetThreshold, Citation, RuntimeRange, RuleTerms } from "../../domain/terms.js";
import { Dec, formatMoney, formatPercent, formatPlain } from "../../money/decimal.js";
import { groupThousands } from "../../money/grouping.js";
import { parseCents, pow10, scaledOf } from "../../money/scaled.js";
import { budgetShortfall, inRuntimeRange, runtimeRangeText } from "../budget-threshold.js";
import type { RuleKind } from "../kind.js";
import type { RuleState, StateShape } from "../state.js";
import { citationOf, dayOf, runtimeRangeOf } from "../terms-compile.js";
import { citationLines, dollars } from "../terms-describe.js";
import { amountTerm, byRuntimeSchema, citation, decimal, isoDate, LIMITS, rate, ruleObject, runtimeInOrder, runtimeRange, wholeNumberFrom } from "../terms-schema.js";

/** One amount of a success bonus: titles whose runtime falls in the range (and budget above `budgetOver`, where given). */
export interface BonusBand extends RuntimeRange {
  readonly label: string;
  readonly budgetOver?: Dec;
  readonly amount: Dec;
  readonly citation: Citation;
}

/**
 * A viewership (success) bonus, paid on top of a row's other lines (docs/calculation.md): per
 * title, once per measurement window (`windowDays` from the premiere, and from each
 * `yearDays`-day exhibition year), when the hours viewed in it × 60 reach `share` × the
 * service's subscribers × the runtime in minutes.
 */
export interface SuccessBonusRule extends RuleTerms {
  readonly type: "success-bonus";
  /** Titles premiering (first_aired_on) before this day get nothing from the rule. */
  readonly premieredFrom: Day;
  readonly premieredCitation: Citation;
  /** Who is eligible: high-budget programs (its own key: below it a title gets no line at all). */
  readonly highBudget: BudgetThreshold;
  readonly windowDays: number;
  readonly yearDays: number;
  readonly share: Dec;
  readonly measurementCitation: Citation;
  readonly bands: readonly BonusBand[];
}

const schema = ruleObject("success-bonus", {
  premiered_from: z.strictObject({ date: isoDate, ...citation }),
  high_budget: byRuntimeSchema,
  measurement: z.strictObject({
    window_days: wholeNumberFrom(1, LIMITS.windowDays),
    year_days: wholeNumberFrom(1, LIMITS.periodDays),
    share_of_subscribers: rate,
    ...citation,
  }),
  amounts: z
    .array(z.strictObject({ label: z.string().min(1), ...runtimeRange, budget_over: decimal.optional(), amount: amountTerm }).superRefine(runtimeInOrder))
    .min(1, { error: "needs at least one amount" }),
});

type SuccessBonusFile = z.infer<typeof schema>;

/** Views per window are a map of the title's own (see BonusWindows). */
const WINDOWS: StateShape = { numbers: 0, value: true, perMedium: false };

export const successBonusKind: RuleKind<SuccessBonusFile, SuccessBonusRule> = {
  type: "success-bonus",
  title: "a viewership (success) bonus, on top of the other rules",
  schema,
  compile: (file, common) => ({
    ...common,
    type: "success-bonus",
    premieredFrom: dayOf(file.premiered_from.date),
    premieredCitation: citationOf(file.premiered_from),
    highBudget: { byRuntime: { citation: citationOf(file.high_budget), bands: file.high_budget.bands.map((band) => ({ ...runtimeRangeOf(band), amount: new Dec(band.amount) })) } },
    windowDays: Number(file.measurement.window_days),
    yearDays: Number(file.measurement.year_days),
    share: new Dec(file.measurement.share_of_subscribers),
    measurementCitation: citationOf(file.measurement),
    bands: file.amounts.map((band) => ({
      label: band.label,
      ...runtimeRangeOf(band),
      ...(band.budget_over !== undefined ? { budgetOver: new Dec(band.budget_over) } : {}),
      amount: new Dec(band.amount.value),
      citation: citationOf(band.amount),
    })),
  }),
  state: () => WINDOWS,
  compute: (rule: SuccessBonusRule, title: Title, usage: Usage, state: RuleState, lookups: Lookups): Draft[] => {
    let windows = state.value as BonusWindows | undefined;
    if (windows === undefined) {
      windows = new Map();
      state.value = windows;
    }
    return successBonusDrafts(rule, title, usage, lookups.services, windows) ?? [];
  },
  describe: (file, origin) => {
    const out = [`  titles premiering on or after ${file.premiered_from.date}${origin(["premiered_from"])}`, ...citationLines(file.premiered_from)];
    out.push(`  high-budget programs only: a budget of at least, by runtime${origin(["high_budget"])}:`, ...citationLines(file.high_budget));
    for (const band of file.high_budget.bands) {
      out.push(`    ${runtimeRangeText(runtimeRangeOf(band))}: ${dollars(band.amount)}`);
    }
    out.push("    any other runtime: never");
    const m = file.measurement;
    out.push(
      `  due once per window (the first ${m.window_days} days from the premiere, and from each ${m.year_days}-day exhibition year) when views (hours viewed ÷ runtime in hours) reach ${formatPercent(new Dec(m.share_of_subscribers))} of the service's domestic subscribers${origin(["measurement"])}`,
      ...citationLines(m),
    );
    out.push(`  amounts (a title pool, split among the cast like every pool)${origin(["amounts"])}:`);
    for (const band of file.amounts) {
      const budget = band.budget_over === undefined ? "" : `, budget over ${dollars(band.budget_over)}`;
      out.push(`    ${band.label} (${runtimeRangeText(runtimeRangeOf(band))}${budget}): ${dollars(band.amount.value)}`, ...citationLines(band.amount, 6));
    }
    out.push("    a title in no band: not modelled (no published amount)");
    return out;
  },
  citations: (rule, line) => [rule.measurementCitation, ...rule.bands.filter((band) => line.note.includes(`for a ${band.label}:`)).map((band) => band.citation)],
};

/**
 * The hours a title has been viewed in one measurement window so far, exactly: a row's hours
 * are prorated into a window by its days there, so the sum is a fraction, numerator ÷ denominator.
 */
interface WindowViews {
  numerator: bigint;
  denominator: bigint;
  /** The bonus of this window is due (on the row that reached the threshold). */
  paid: boolean;
}

/** A title's views per window under one bonus rule, by window number (0: from the premiere). */
export type BonusWindows = Map<number, WindowViews>;

/**
 * The success bonus's lines for one usage row of a title and medium the rule applies to
 * (calculation.md, "The viewership (success) bonus rule"), or undefined where it gives none: a
 * row without hours viewed, a title not eligible, a row whose views reach no threshold or only
 * one already met. Rows must come in each title's chronological order (as for every state): the
 * bonus is due on the row during which a window's views reach the threshold, once per window.
 */
function successBonusDrafts(rule: SuccessBonusRule, title: Title, usage: Usage, services: Services | undefined, windows: BonusWindows): Draft[] | undefined {
  const hours = usage.hoursViewed;
  if (hours === undefined) return undefined;
  const premiere = title.firstAiredOn;
  if (premiere === undefined) return [incomplete(rule, "first_aired_on", "first_aired_on is missing (the success bonus's windows count from the premiere)")];
  if (premiere < rule.premieredFrom) return undefined;
  if (title.budget === undefined) return [incomplete(rule, "budget", "budget is missing (the success bonus is for high-budget programs only)")];
  const runtime = title.runtimeMinutes;
  if (runtime === undefined) return [incomplete(rule, "runtime_minutes", "runtime_minutes is missing (views are hours viewed ÷ runtime)")];
  if (budgetShortfall(rule, rule.highBudget, title)) return undefined;

  const rowDays = usage.end - usage.start + 1;
  let drafts: Draft[] | undefined;
  const first = Math.max(0, Math.floor((usage.start - premiere) / rule.yearDays));
  const last = Math.floor((usage.end - premiere) / rule.yearDays);
  for (let k = first; k <= last; k++) {
    const windowStart = premiere + k * rule.yearDays;
    const windowEnd = windowStart + rule.windowDays - 1;
    const days = overlapDays(usage.start, usage.end, windowStart, windowEnd);
    if (days === 0) continue;
    let views = windows.get(k);
    if (views === undefined) {
      views = { numerator: 0n, denominator: 1n, paid: false };
      windows.set(k, views);
    }
    addViews(views, hours.unscaled * BigInt(days), BigInt(rowDays) * pow10(hours.scale));
    if (views.paid) continue;
    const window = `window ${k} (${formatDay(windowStart)} .. ${formatDay(windowEnd)})`;
    const subscribers = subscribersFor(rule, usage, services, windowStart, window);
    if (typeof subscribers !== "bigint") {
      drafts = [...(drafts ?? []), subscribers];
      continue;
    }
    if (!reachesThreshold(views, rule.share, subscribers, runtime)) continue;
    views.paid = true;
    drafts = [...(drafts ?? []), bonusDraft(rule, title, runtime, views, subscribers, window)];
  }
  return drafts;
}

function incomplete(rule: SuccessBonusRule, missing: string, note: string): Draft {
  return { type: "incomplete", rule: rule.id, missing, note };
}

/** views += numerator ÷ denominator, kept exact and reduced. */
function addViews(views: WindowViews, numerator: bigint, denominator: bigint): void {
  let n = views.numerator * denominator + numerator * views.denominator;
  let d = views.denominator * denominator;
  const divisor = gcd(n, d);
  if (divisor > 1n) {
    n /= divisor;
    d /= divisor;
  }
  views.numerator = n;
  views.denominator = d;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Σ hours × 60 ≥ share × subscribers × runtime minutes, in integers: no division. */
function reachesThreshold(views: WindowViews, share: Dec, subscribers: bigint, runtime: number): boolean {
  const rate = scaledOf(share);
  return views.numerator * 60n * pow10(rate.scale) >= rate.unscaled * subscribers * BigInt(runtime) * views.denominator;
}

/** The service's latest count on or before the window's first day, or the incomplete line that says what is missing. */
function subscribersFor(rule: SuccessBonusRule, usage: Usage, services: Services | undefined, windowStart: Day, window: string): bigint | Draft {
  const service = usage.service;
  if (service === undefined) return incomplete(rule, "service", `service is missing (the success bonus compares views with the service's subscribers, ${window})`);
  const counts = services?.get(service);
  if (counts === undefined) {
    const where = services === undefined ? "no services file was given (--services)" : "it is not in the services file";
    return incomplete(rule, "domestic_subscribers", `subscribers of service ${service} are missing: ${where} (${window})`);
  }
  let found: bigint | undefined;
  for (const count of counts) {
    if (count.asOf > windowStart) break;
    found = count.subscribers;
  }
  if (found === undefined) return incomplete(rule, "domestic_subscribers", `subscribers of service ${service} are missing: no count on or before ${formatDay(windowStart)} (${window})`);
  return found;
}

/** The band a title's amount comes from: its runtime, and its budget where the band names one. */
function bandOf(rule: SuccessBonusRule, title: Title, runtime: number): BonusBand | undefined {
  return rule.bands.find((band) => inRuntimeRange([band], runtime) && (band.budgetOver === undefined || title.budget!.greaterThan(band.budgetOver)));
}

function bonusDraft(rule: SuccessBonusRule, title: Title, runtime: number, views: WindowViews, subscribers: bigint, window: string): Draft {
  const shown = new Dec(views.numerator.toString()).times(60).dividedBy(new Dec(views.denominator.toString())).dividedBy(runtime);
  const reached = `views ${groupThousands(formatPlain(shown, 2))} reach ${formatPercent(rule.share)} of ${groupThousands(subscribers.toString())} subscribers, ${window}`;
  const band = bandOf(rule, title, runtime);
  if (band === undefined) {
    return {
      type: "not-modelled",
      rule: rule.id,
      note: `${reached}, but no amount is published for a ${runtime}-minute program with a budget of ${formatMoney(title.budget!)} (see residuals contracts show)`,
    };
  }
  return { type: "amount", rule: rule.id, cents: parseCents(band.amount.toFixed(2)), note: `success bonus for a ${band.label}: ${reached}` };
}
