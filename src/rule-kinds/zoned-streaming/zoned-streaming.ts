import * as z from "zod";
import type { Title, Usage } from "../../domain/inputs.js";
import type { Dated } from "../../domain/terms.js";
import { MARKETS, type Market } from "../../domain/vocabulary.js";
import type { Dec } from "../../money/decimal.js";
import type { RuleKind } from "../kind.js";
import type { RuleState } from "../state.js";
import { citationOf, dated, datedNullable } from "../terms-compile.js";
import { citationLines, rateLines, stepsAt } from "../terms-describe.js";
import { budgetThresholdSchema, citation, LIMITS, nullableRateTerm, rateTermSchema, ruleObject, wholeNumberFrom, type NullableRateTermFile } from "../terms-schema.js";
import { zonedStreamingDrafts, type ZonedStreamingRule } from "./zones.js";

export type { ZonedStreamingRule } from "./zones.js";


const schema = ruleObject("zoned-streaming", {
  window: z.strictObject({ days: wholeNumberFrom(0, LIMITS.windowDays), first_season_days: wholeNumberFrom(0, LIMITS.windowDays), ...citation }),
  fixed_periods: z.strictObject({
    count: wholeNumberFrom(0, LIMITS.fixedPeriods),
    days: wholeNumberFrom(1, LIMITS.periodDays),
    rate: nullableRateTerm,
    market_rates: z.partialRecord(z.enum(MARKETS, { error: `market must be one of ${MARKETS.join(", ")}` }), nullableRateTerm).optional(),
    ...citation,
  }),
  library: z.strictObject({ rate: rateTermSchema }),
  budget_threshold: budgetThresholdSchema.optional(),
});

export const zonedStreamingKind: RuleKind<z.infer<typeof schema>, ZonedStreamingRule> = {
  type: "zoned-streaming",
  title: "ad-supported streaming by zones: window, fixed periods, then library",
  schema,
  compile: (file, common) => {
    const marketRates = new Map<Market, Dated<Dec | null>>();
    for (const [market, term] of Object.entries(file.fixed_periods.market_rates ?? {})) {
      if (term) marketRates.set(market as Market, datedNullable(term));
    }
    return {
      ...common,
      type: "zoned-streaming",
      window: { days: Number(file.window.days), firstSeasonDays: Number(file.window.first_season_days), citation: citationOf(file.window) },
      fixedPeriods: {
        count: Number(file.fixed_periods.count),
        days: Number(file.fixed_periods.days),
        rate: datedNullable(file.fixed_periods.rate),
        marketRates,
        citation: citationOf(file.fixed_periods),
      },
      library: { rate: dated(file.library.rate) },
    };
  },
  // Per fixed period k (1..count): the row it is due on; periods are the title's, whatever the medium.
  state: (rule) => ({ numbers: rule.fixedPeriods.count + 1, value: false, perMedium: false }),
  compute: (rule: ZonedStreamingRule, title: Title, usage: Usage, state: RuleState) => zonedStreamingDrafts(rule, title, usage, state),
  describe: (file, origin) => {
    const window = file.window;
    const periods = file.fixed_periods;
    const fixedRate = (label: string, term: NullableRateTermFile, from: string) =>
      rateLines(label, term, "of the applicable minimum per period", from, 2, "no fixed period: the library rate applies from the window's end");
    const out = [
      `  window: ${window.days} days after first broadcast (${window.first_season_days} in a series' first season); nothing is paid in it${origin(["window"])}`,
      ...citationLines(window, 4),
      `  fixed periods: ${periods.count} of ${periods.days} days each after the window, each paid once${origin(["fixed_periods", "count"])}`,
      ...citationLines(periods, 4),
      ...fixedRate("fixed rate", periods.rate, origin(["fixed_periods", "rate"])),
    ];
    for (const [market, term] of Object.entries(periods.market_rates ?? {})) {
      if (term) out.push(...fixedRate(`fixed rate for ${market}`, term, origin(["fixed_periods", "market_rates", market])));
    }
    out.push(...rateLines("library (after the fixed periods)", file.library.rate, "of distributor's gross", origin(["library"])));
    return out;
  },
  citations: (rule, line) =>
    line.basis === "distributor_gross"
      ? [rule.window.citation, ...stepsAt(rule.library.rate, line.rate)]
      : [rule.window.citation, rule.fixedPeriods.citation, ...stepsAt(rule.fixedPeriods.rate, line.rate), ...[...rule.fixedPeriods.marketRates.values()].flatMap((term) => stepsAt(term, line.rate))],
};
