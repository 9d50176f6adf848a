import { addScaled, compareScaled, scaledOf, subtractScaled, ZERO_SCALED, type Scaled } from "../../money/scaled.js";
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
    if (usage.gross.unscaled < 0n) return unitCorrectionDrafts(rule, usage, counter, limits, labels);
    const before = counter.units;
    const after = before + units;
    counter.units = after;
    let index = 0;
    while (before >= limits[index]!) index++;
    // The common case: the whole row in the band the counter stands in (or no units to split).
    if (units === 0 || after <= limits[index]!) return [bandDraft(rule, tiers.bands[index]!, usage, usage.gross, undefined, undefined, labels[index]!)];
    const drafts: Draft[] = [];
    for (let from = before; from < after; index++) {
      const to = Math.min(after, limits[index]!);
      drafts.push(bandDraft(rule, tiers.bands[index]!, usage, usage.gross, to - from, undefined, labels[index]!));
      from = to;
    }
    return drafts;
  }
  const gross = usage.gross;
  if (gross.unscaled < 0n) return moneyCorrectionDrafts(rule, usage, counter, labels);
  const before = counter.gross;
  const after = addScaled(before, gross);
  counter.gross = after;
  const bands = tiers.bands;
  const limits = moneyLimits(rule);
  let index = 0;
  while (limits[index] !== undefined && compareScaled(before, limits[index]!) >= 0) index++;
  const upper = limits[index];
  if (gross.unscaled === 0n || upper === undefined || compareScaled(after, upper) <= 0) return [bandDraft(rule, bands[index]!, usage, gross, undefined, undefined, labels[index]!)];
  const drafts: Draft[] = [];
  for (let from = before; compareScaled(from, after) < 0; index++) {
    const limit = limits[index];
    const to = limit === undefined || compareScaled(after, limit) < 0 ? after : limit;
    drafts.push(bandDraft(rule, bands[index]!, usage, subtractScaled(to, from), undefined, undefined, labels[index]!));
    from = to;
  }
  return drafts;
}

/**
 * A correction on a unit tier, the mirror of a positive row: its units (≤ 0) move the counter
 * down, never below 0, and its gross is attributed to the bands they move through in
 * proportion to the units moved in each; with no units moved, it is at the current band's rate.
 */
function unitCorrectionDrafts(rule: RevenueRule, usage: Usage, counter: TierCounter, limits: readonly number[], labels: readonly string[]): Draft[] {
  const bands = rule.tiers!.bands;
  const before = counter.units;
  const moved = Math.min(-usage.units!, before);
  const after = before - moved;
  counter.units = after;
  let index = 0;
  while (after >= limits[index]!) index++;
  if (moved === 0 || before <= limits[index]!) return [bandDraft(rule, bands[index]!, usage, usage.gross, undefined, undefined, labels[index]!)];
  const drafts: Draft[] = [];
  for (let from = after; from < before; index++) {
    const to = Math.min(before, limits[index]!);
    drafts.push(bandDraft(rule, bands[index]!, usage, usage.gross, to - from, moved, labels[index]!));
    from = to;
  }
  return drafts;
}

/**
 * A correction on a money tier, the mirror of a positive row: the counter moves down by its
 * gross, never below 0, each band's part at its rate; a part beyond what was counted is at the
 * first band's rate.
 */
function moneyCorrectionDrafts(rule: RevenueRule, usage: Usage, counter: TierCounter, labels: readonly string[]): Draft[] {
  const bands = rule.tiers!.bands;
  const limits = moneyLimits(rule);
  const magnitude: Scaled = { unscaled: -usage.gross.unscaled, scale: usage.gross.scale };
  const before = counter.gross;
  const moved = compareScaled(magnitude, before) <= 0 ? magnitude : before;
  const after = subtractScaled(before, moved);
  counter.gross = after;
  let beyond = subtractScaled(magnitude, moved);
  let index = 0;
  while (limits[index] !== undefined && compareScaled(after, limits[index]!) >= 0) index++;
  const drafts: Draft[] = [];
  if (index > 0 && beyond.unscaled !== 0n) drafts.push(bandDraft(rule, bands[0]!, usage, negated(beyond), undefined, undefined, labels[0]!));
  for (let from = after; compareScaled(from, before) < 0 || drafts.length === 0; index++) {
    const limit = limits[index];
    const to = limit === undefined || compareScaled(before, limit) < 0 ? before : limit;
    const part = index === 0 ? addScaled(subtractScaled(to, from), beyond) : subtractScaled(to, from);
    drafts.push(bandDraft(rule, bands[index]!, usage, negated(part), undefined, undefined, labels[index]!));
    if (index === 0) beyond = ZERO_SCALED;
    from = to;
  }
  return drafts;
}

function negated(value: Scaled): Scaled {
  return { unscaled: -value.unscaled, scale: value.scale };
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
function bandDraft(rule: RevenueRule, band: TierBand, usage: Usage, gross: Scaled, units: number | undefined, of: number | undefined, label: string): Draft {
  const rate = valueOn(band.rate, usage.start).value;
  const rowUnits = of ?? usage.units;
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
