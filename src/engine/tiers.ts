import { Dec, formatMoney, formatPlain, ZERO } from "./money.js";
import type { Usage } from "./inputs.js";
import type { Draft } from "./lines.js";
import { valueOn, type RevenueRule, type TierBand } from "./terms.js";

/** A title's cumulative counter under one rule on one medium (units as Dec, so one code path serves both counters). */
export interface TierCounter {
  value: Dec;
}

/**
 * A tiered revenue rule: the rate depends on the title's cumulative units or gross before this
 * row. A row that crosses a threshold is split, its gross attributed to each band in
 * proportion to its units there (unit tiers) or exactly at the threshold (money tiers).
 */
export function tieredDrafts(rule: RevenueRule, usage: Usage, counter: TierCounter): Draft[] {
  const tiers = rule.tiers!;
  const byUnits = tiers.counter === "units";
  if (byUnits && usage.units === undefined) {
    return [{ type: "incomplete", rule: rule.id, note: "units is missing (the rate depends on cumulative downloads)" }];
  }
  const before = counter.value;
  const amount = byUnits ? new Dec(usage.units!) : usage.gross;
  const after = before.plus(amount);
  counter.value = after;

  const drafts: Draft[] = [];
  const labels = bandLabels(rule);
  let lower = ZERO;
  tiers.bands.forEach((band, index) => {
    const upper = band.upTo;
    const bandLabel = labels[index]!;
    if (amount.isZero()) {
      // Nothing to split: the whole row is at the band the counter stands in.
      if (upper === undefined || before.lessThan(upper)) {
        if (drafts.length === 0) drafts.push(bandDraft(rule, band, usage, usage.gross, null, bandLabel));
      }
    } else {
      const from = Dec.max(before, lower);
      const to = upper === undefined ? after : Dec.min(after, upper);
      if (to.greaterThan(from)) {
        const portion = to.minus(from);
        drafts.push(bandDraft(rule, band, usage, portion, byUnits ? amount : null, bandLabel));
      }
    }
    if (upper !== undefined) lower = upper;
  });
  return drafts;
}

function bandDraft(rule: RevenueRule, band: TierBand, usage: Usage, portion: Dec, rowUnits: Dec | null, label: string): Draft {
  const rate = valueOn(band.rate, usage.start).value;
  if (rowUnits === null) {
    // Money tier (portion is gross) or a row with no units: the portion is the base itself.
    return { type: "revenue", rule: rule.id, rate, base: portion, exact: rate.times(portion), note: label, gross: portion, part: undefined };
  }
  const whole = portion.equals(rowUnits);
  return {
    type: "revenue",
    rule: rule.id,
    rate,
    base: whole ? usage.gross : usage.gross.times(portion).dividedBy(rowUnits),
    exact: whole ? rate.times(usage.gross) : rate.times(usage.gross).times(portion).dividedBy(rowUnits),
    note: whole ? label : `${label}, ${formatPlain(portion)} of ${formatPlain(rowUnits)} units`,
    gross: usage.gross,
    part: whole ? undefined : { count: portion, of: rowUnits, unit: "units" },
  };
}

const labelCache = new WeakMap<RevenueRule, string[]>();

/** Band labels depend only on the rule, so they are worked out once per rule. */
function bandLabels(rule: RevenueRule): string[] {
  let labels = labelCache.get(rule);
  if (labels === undefined) {
    const byUnits = rule.tiers!.counter === "units";
    let lower = ZERO;
    labels = rule.tiers!.bands.map((band, index) => {
      const label = describeBand(index, lower, band.upTo, byUnits);
      if (band.upTo !== undefined) lower = band.upTo;
      return label;
    });
    labelCache.set(rule, labels);
  }
  return labels;
}

function describeBand(index: number, lower: Dec, upper: Dec | undefined, byUnits: boolean): string {
  const show = (value: Dec) => (byUnits ? formatPlain(value) : formatMoney(value));
  const unit = byUnits ? "units" : "cumulative gross";
  const range = upper === undefined ? `over ${show(lower)}` : index === 0 ? `up to ${show(upper)}` : `over ${show(lower)} up to ${show(upper)}`;
  return `tier ${index + 1} (${unit} ${range})`;
}
