import { Dec, formatMoney, formatPlain, ZERO } from "./money.js";
import type { Usage } from "./inputs.js";
import type { Draft } from "./lines.js";
import { valueOn, type RevenueRule, type TierBand } from "./terms.js";

/** A title's cumulative counters under one rule on one medium: whole units, or gross. */
export interface TierCounter {
  units: number;
  gross: Dec;
}

/**
 * A tiered revenue rule: the rate depends on the title's cumulative units or gross before this
 * row. A row that crosses a threshold is split, its gross attributed to each band in
 * proportion to its units there (unit tiers) or exactly at the threshold (money tiers).
 * Units are whole counts, so they are counted in plain integers; money only in Decimals.
 */
export function tieredDrafts(rule: RevenueRule, usage: Usage, counter: TierCounter): Draft[] {
  const tiers = rule.tiers!;
  const labels = bandLabels(rule);
  if (tiers.counter === "units") {
    const units = usage.units;
    if (units === undefined) {
      return [{ type: "incomplete", rule: rule.id, note: "units is missing (the rate depends on cumulative downloads)" }];
    }
    const limits = unitLimits(rule);
    const before = counter.units;
    const after = before + units;
    counter.units = after;
    let index = 0;
    while (before >= limits[index]!) index++;
    // The common case: the whole row in the band the counter stands in (or no units to split).
    if (units === 0 || after <= limits[index]!) return [bandDraft(rule, tiers.bands[index]!, usage, usage.gross, null, labels[index]!)];
    const drafts: Draft[] = [];
    const rowUnits = new Dec(units);
    for (let from = before; from < after; index++) {
      const to = Math.min(after, limits[index]!);
      drafts.push(bandDraft(rule, tiers.bands[index]!, usage, new Dec(to - from), rowUnits, labels[index]!));
      from = to;
    }
    return drafts;
  }
  const gross = usage.gross;
  const before = counter.gross;
  const after = before.plus(gross);
  counter.gross = after;
  const bands = tiers.bands;
  let index = 0;
  while (bands[index]!.upTo !== undefined && before.greaterThanOrEqualTo(bands[index]!.upTo!)) index++;
  const upper = bands[index]!.upTo;
  if (gross.isZero() || upper === undefined || after.lessThanOrEqualTo(upper)) return [bandDraft(rule, bands[index]!, usage, gross, null, labels[index]!)];
  const drafts: Draft[] = [];
  for (let from = before; from.lessThan(after); index++) {
    const limit = bands[index]!.upTo;
    const to = limit === undefined || after.lessThan(limit) ? after : limit;
    drafts.push(bandDraft(rule, bands[index]!, usage, to.minus(from), null, labels[index]!));
    from = to;
  }
  return drafts;
}

const limitCache = new WeakMap<RevenueRule, number[]>();

/** Unit thresholds as plain numbers (the last band is open: Infinity), once per rule. */
function unitLimits(rule: RevenueRule): number[] {
  let limits = limitCache.get(rule);
  if (limits === undefined) {
    limits = rule.tiers!.bands.map((band) => (band.upTo === undefined ? Number.POSITIVE_INFINITY : band.upTo.toNumber()));
    limitCache.set(rule, limits);
  }
  return limits;
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
