import * as z from "zod";
import type { Title, Usage } from "../../domain/inputs.js";
import type { Draft } from "../../domain/lines.js";
import { valueOn } from "../../domain/terms.js";
import { Dec, formatPercent } from "../../money/decimal.js";
import { ZERO_SCALED, type Scaled } from "../../money/scaled.js";
import type { RuleKind } from "../kind.js";
import type { RuleState, StateShape } from "../state.js";
import { citationOf, dated } from "../terms-compile.js";
import { citationLines, dollars, groupedCount, rateLines, stepsAt } from "../terms-describe.js";
import { budgetThresholdSchema, citation, decimal, isDecimal, isUnitCount, LIMITS, rateTermSchema, ruleObject } from "../terms-schema.js";
import { tieredDrafts, type RevenueRule, type TierCounter } from "./tiers.js";

export type { RevenueRule, TierBand } from "./tiers.js";


const tierBand = z.strictObject({ up_to: decimal.optional(), rate: rateTermSchema });

const tiersSchema = z
  .strictObject({
    counter: z.enum(["units", "distributor_gross"], { error: "counter must be units or distributor_gross" }),
    bands: z
      .array(tierBand)
      .min(2, { error: "a tier table needs at least two bands" })
      .max(LIMITS.tierBands, { error: `a tier table has at most ${LIMITS.tierBands} bands` }),
    ...citation,
  })
  .superRefine((tiers, ctx) => {
    tiers.bands.forEach((band, index) => {
      const last = index === tiers.bands.length - 1;
      if (last && band.up_to !== undefined) {
        ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: "the last band has no up_to (it is open-ended)" });
      }
      if (!last && band.up_to === undefined) {
        ctx.addIssue({ code: "custom", path: ["bands", index], message: "every band but the last needs up_to" });
      }
      // Units are counted in whole numbers: a fractional threshold would split a unit.
      if (tiers.counter === "units" && band.up_to !== undefined && isDecimal(band.up_to) && !isUnitCount(band.up_to)) {
        ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: `with counter units, up_to is a whole number of units from 0 to ${LIMITS.units}` });
      }
      const previous = tiers.bands[index - 1]?.up_to;
      if (band.up_to === undefined || previous === undefined || !isDecimal(band.up_to) || !isDecimal(previous)) return;
      if (new Dec(band.up_to).lessThanOrEqualTo(new Dec(previous))) {
        ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: `thresholds out of order: ${band.up_to} is not above ${previous}` });
      }
    });
  });

const schema = ruleObject("revenue", {
  rate: rateTermSchema.optional(),
  tiers: tiersSchema.optional(),
  budget_threshold: budgetThresholdSchema.optional(),
}).superRefine((rule, ctx) => {
  if ((rule.rate === undefined) === (rule.tiers === undefined)) {
    ctx.addIssue({ code: "custom", path: [], message: "a revenue rule needs exactly one of rate or tiers" });
  }
});

type RevenueFile = z.infer<typeof schema>;

const UNIT_COUNTER: StateShape = { numbers: 1, value: false, perMedium: true };
const GROSS_COUNTER: StateShape = { numbers: 0, value: true, perMedium: true };
const NO_STATE: StateShape = { numbers: 0, value: false, perMedium: false };

/** What tieredDrafts counts in: loaded from a title's state and stored back (one object, reused). */
const counter: TierCounter = { units: 0, gross: ZERO_SCALED };

export const revenueKind: RuleKind<RevenueFile, RevenueRule> = {
  type: "revenue",
  title: "a percentage of distributor's gross",
  schema,
  compile: (file, common) => ({
    ...common,
    type: "revenue",
    ...(file.rate ? { rate: dated(file.rate) } : {}),
    ...(file.tiers
      ? {
          tiers: {
            counter: file.tiers.counter,
            citation: citationOf(file.tiers),
            bands: file.tiers.bands.map((band) => ({ ...(band.up_to !== undefined ? { upTo: new Dec(band.up_to) } : {}), rate: dated(band.rate) })),
          },
        }
      : {}),
  }),
  // Counters count per title and medium: downloads on one medium do not move another's tier.
  state: (rule) => (rule.tiers === undefined ? NO_STATE : rule.tiers.counter === "units" ? UNIT_COUNTER : GROSS_COUNTER),
  compute: (rule: RevenueRule, _title: Title, usage: Usage, state: RuleState): Draft[] => {
    if (rule.tiers === undefined) {
      const rate = valueOn(rule.rate!, usage.start).value;
      return [{ type: "revenue", rule: rule.id, rate, note: flatRateNote(rate), gross: usage.gross, part: undefined }];
    }
    if (rule.tiers.counter === "units") {
      counter.units = state.number(0);
      const drafts = tieredDrafts(rule, usage, counter);
      state.setNumber(0, counter.units);
      return drafts;
    }
    counter.gross = (state.value as Scaled | undefined) ?? ZERO_SCALED;
    const drafts = tieredDrafts(rule, usage, counter);
    state.value = counter.gross;
    return drafts;
  },
  describe: (file, origin) => {
    const out: string[] = [];
    if (file.rate) out.push(...rateLines("rate", file.rate, "of distributor's gross", origin(["rate"])));
    if (file.tiers) {
      const byUnits = file.tiers.counter === "units";
      out.push(`  tiers by the title's cumulative ${byUnits ? "units (downloads)" : "distributor's gross"}${origin(["tiers"])}`, ...citationLines(file.tiers, 4));
      let lower: string | undefined;
      for (const band of file.tiers.bands) {
        const show = (value: string) => (byUnits ? groupedCount(value) : dollars(value));
        const range = band.up_to === undefined ? `over ${show(lower!)}` : lower === undefined ? `up to ${show(band.up_to)}` : `over ${show(lower)} up to ${show(band.up_to)}`;
        out.push(...rateLines(range, band.rate, "of distributor's gross", "", 4));
        lower = band.up_to;
      }
    }
    return out;
  },
  citations: (rule, line) => [
    ...(rule.tiers ? [rule.tiers.citation, ...rule.tiers.bands.flatMap((band) => stepsAt(band.rate, line.rate))] : []),
    ...stepsAt(rule.rate, line.rate),
  ],
};

// Rates are few objects shared by every row of a rule: their note is written once.
const flatRateNotes = new WeakMap<Dec, string>();
function flatRateNote(rate: Dec): string {
  let note = flatRateNotes.get(rate);
  if (note === undefined) {
    note = `${formatPercent(rate)} of distributor's gross`;
    flatRateNotes.set(rate, note);
  }
  return note;
}
