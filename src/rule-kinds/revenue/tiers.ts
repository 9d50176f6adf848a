import { addScaled, compareScaled, scaledOf, subtractScaled, type Scaled } from "../../money/scaled.js";
import { Dec, formatMoney, formatPlain, ZERO } from "../../money/decimal.js";
import type { Usage } from "../../domain/inputs.js";
import type { Draft } from "../../domain/lines.js";
import { valueOn, type Citation, type Dated, type RuleTerms } from "../../domain/terms.js";

export interface TierBand {
  /** Upper bound of the band (cumulative units or gross); undefined for the last band. */
  readonly upTo?: Dec;
  readonly rate: Dated<Dec>;
}

/** A percentage of distributor's gross, flat or tiered by a cumulative counter per title (docs/calculation.md). */
export interface RevenueRule extends RuleTerms {
  readonly type: "revenue";
  readonly rate?: Dated<Dec>;
  readonly tiers?: { readonly counter: "units" | "distributor_gross"; readonly bands: readonly TierBand[]; readonly citation: Citation };
}


/** A title's cumulative counters under one rule on one medium: whole units, or gross. */
export interface TierCounter {
  units: number;
  gross: Scaled;
}

/**
 * A tiered revenue rule: the rate depends on the title's cumulative units or gross before this
 * row. A row that crosses a threshold is split, its gross attributed to each band in
 * proportion to its units there (unit tiers) or exactly at the threshold (money tiers).
 * Units are whole counts, so they are counted in plain integers; money in exact scaled integers.
 */
export function tieredDrafts(rule: RevenueRule, usage: Usage, counter: TierCounter): Draft[] {
  const tiers = rule.tiers!;
  const labels = bandLabels(rule);
  if (tiers.counter === "units") {
    const units = usage.units;
    if (units === undefined) {
      return [{ type: "incomplete", rule: rule.id, missing: "units", note: "units is missing (the rate depends on cumulative downloads)" }];
    }
    const limits = unitLimits(rule);
    const before = counter.units;
    const after = before + units;
    counter.units = after;
    let index = 0;
    while (before >= limits[index]!) index++;
    // The common case: the whole row in the band the counter stands in (or no units to split).
    if (units === 0 || after <= limits[index]!) return [bandDraft(rule, tiers.bands[index]!, usage, usage.gross, undefined, labels[index]!)];
    const drafts: Draft[] = [];
    for (let from = before; from < after; index++) {
      const to = Math.min(after, limits[index]!);
      drafts.push(bandDraft(rule, tiers.bands[index]!, usage, usage.gross, to - from, labels[index]!));
      from = to;
    }
    return drafts;
  }
  const gross = usage.gross;
  const before = counter.gross;
  const after = addScaled(before, gross);
  counter.gross = after;
  const bands = tiers.bands;
  const limits = moneyLimits(rule);
  let index = 0;
  while (limits[index] !== undefined && compareScaled(before, limits[index]!) >= 0) index++;
  const upper = limits[index];
  if (gross.unscaled === 0n || upper === undefined || compareScaled(after, upper) <= 0) return [bandDraft(rule, bands[index]!, usage, gross, undefined, labels[index]!)];
  const drafts: Draft[] = [];
  for (let from = before; compareScaled(from, after) < 0; index++) {
    const limit = limits[index];
    const to = limit === undefined || compareScaled(after, limit) < 0 ? after : limit;
    drafts.push(bandDraft(rule, bands[index]!, usage, subtractScaled(to, from), undefined, labels[index]!));
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

const moneyLimitCache = new WeakMap<RevenueRule, (Scaled | undefined)[]>();

/** Gross thresholds as scaled integers (the last band is open: undefined), once per rule. */
function moneyLimits(rule: RevenueRule): (Scaled | undefined)[] {
  let limits = moneyLimitCache.get(rule);
  if (limits === undefined) {
    limits = rule.tiers!.bands.map((band) => (band.upTo === undefined ? undefined : scaledOf(band.upTo)));
    moneyLimitCache.set(rule, limits);
  }
  return limits;
}

/**
 * A band's line: rate × `gross` (the row's, or a money tier's part of it). `units`: the row's
 * units in this band, where a unit tier splits the row; its gross is then prorated by units.
 */
function bandDraft(rule: RevenueRule, band: TierBand, usage: Usage, gross: Scaled, units: number | undefined, label: string): Draft {
  const rate = valueOn(band.rate, usage.start).value;
  const rowUnits = usage.units;
  if (units === undefined || units === rowUnits) return { type: "revenue", rule: rule.id, rate, note: label, gross, part: undefined };
  return {
    type: "revenue",
    rule: rule.id,
    rate,
    note: `${label}, ${units} of ${rowUnits} units`,
    gross,
    part: { count: units, of: rowUnits!, unit: "units" },
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
