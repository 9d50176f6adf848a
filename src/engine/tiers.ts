import { Dec, formatMoney, formatPercent, formatPlain, ZERO } from "./money.js";
import type { Usage } from "./inputs.js";
import type { Draft } from "./lines.js";
import { valueOn, type RevenueRule, type TierBand } from "./terms.js";

/** Cumulative counters per title, keyed by rule and medium (units as Dec so one code path serves both counters). */
export type TierCounters = Map<string, Dec>;

/**
 * A tiered revenue rule: the rate depends on the title's cumulative units or gross before this
 * row. A row that crosses a threshold is split, its gross attributed to each band in
 * proportion to its units there (unit tiers) or exactly at the threshold (money tiers).
 */
export function tieredDrafts(rule: RevenueRule, usage: Usage, counters: TierCounters): Draft[] {
  const tiers = rule.tiers!;
  const byUnits = tiers.counter === "units";
  if (byUnits && usage.units === undefined) {
    return [{ type: "incomplete", rule: rule.id, note: "units is missing (the rate depends on cumulative downloads)" }];
  }
  const key = `${rule.id}#${usage.medium}`;
  const before = counters.get(key) ?? ZERO;
  const amount = byUnits ? new Dec(usage.units!) : usage.gross;
  const after = before.plus(amount);
  counters.set(key, after);

  const drafts: Draft[] = [];
  let lower = ZERO;
  tiers.bands.forEach((band, index) => {
    const upper = band.upTo;
    const bandLabel = describeBand(index, lower, upper, byUnits);
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

function bandDraft(
  rule: RevenueRule,
  band: TierBand,
  usage: Usage,
  portion: Dec,
  rowUnits: Dec | null,
  label: string,
): Draft {
  const rate = valueOn(band.rate, usage.start).value;
  if (rowUnits === null) {
    // Money tier (portion is gross) or a row with no units: the portion is the base itself.
    return {
      type: "revenue",
      rule: rule.id,
      rate,
      base: portion,
      exact: rate.times(portion),
      note: label,
      arithmetic: `${formatPercent(rate)} × distributor's gross ${formatMoney(portion)}`,
    };
  }
  const whole = portion.equals(rowUnits);
  return {
    type: "revenue",
    rule: rule.id,
    rate,
    base: usage.gross.times(portion).dividedBy(rowUnits),
    exact: rate.times(usage.gross).times(portion).dividedBy(rowUnits),
    note: whole ? label : `${label}, ${formatPlain(portion)} of ${formatPlain(rowUnits)} units`,
    arithmetic: whole
      ? `${formatPercent(rate)} × distributor's gross ${formatMoney(usage.gross)}`
      : `${formatPercent(rate)} × distributor's gross ${formatMoney(usage.gross)} × ${formatPlain(portion)} ÷ ${formatPlain(rowUnits)} units`,
  };
}

function describeBand(index: number, lower: Dec, upper: Dec | undefined, byUnits: boolean): string {
  const show = (value: Dec) => (byUnits ? formatPlain(value) : formatMoney(value));
  const unit = byUnits ? "units" : "cumulative gross";
  const range = upper === undefined ? `over ${show(lower)}` : index === 0 ? `up to ${show(upper)}` : `over ${show(lower)} up to ${show(upper)}`;
  return `tier ${index + 1} (${unit} ${range})`;
}
