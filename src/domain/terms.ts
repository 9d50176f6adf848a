import type { Day } from "./days.js";
import type { Dec } from "../money/decimal.js";
import type { Confidence, ContractStatus, FixedBasis, Guild, Kind, Market, Medium } from "./vocabulary.js";

/**
 * Contract terms as the engine sees them: already validated, dates as day numbers, numbers as
 * Decimals. The contract files (src/contracts) compile into this; the engine never sees YAML.
 */
export interface Citation {
  readonly source: string;
  readonly confidence: Confidence;
  readonly note?: string;
}

/** One value of a term from a date on (`from` undefined: from the beginning). */
export interface DatedStep<T> {
  readonly from?: Day;
  readonly value: T;
  readonly citation: Citation;
}

/** A term whose value may change during the contract; steps in ascending date order. */
export interface Dated<T> {
  readonly steps: readonly DatedStep<T>[];
}

export function valueOn<T>(term: Dated<T>, day: Day): DatedStep<T> {
  let current = term.steps[0]!;
  for (const step of term.steps) {
    if (step.from === undefined || step.from <= day) current = step;
    else break;
  }
  return current;
}

export interface Applicability {
  readonly kinds: ReadonlySet<Kind>;
  readonly media: ReadonlySet<Medium>;
  /** Undefined: every market, and titles with no market. */
  readonly markets?: ReadonlySet<Market>;
}

export interface BudgetThreshold {
  /** Covered when budget ÷ runtime reaches this. */
  readonly perMinute?: { readonly amount: Dec; readonly citation: Citation };
  /** Or when the whole budget reaches this. */
  readonly perProgram?: { readonly amount: Dec; readonly citation: Citation };
}

interface RuleCommon {
  readonly id: string;
  readonly applies: Applicability;
  readonly priority: number;
  /** Rules that are a term in themselves (cutoffs, no-residual) carry one; others cite per term. */
  readonly citation?: Citation;
  readonly description?: string;
  readonly budgetThreshold?: BudgetThreshold;
}

/** Titles produced before `producedBefore` earn nothing on the media it names. Checked first. */
export interface CutoffRule extends RuleCommon {
  readonly type: "cutoff";
  readonly producedBefore: Day;
}

/** The contract covers the use and says nothing is due. */
export interface NoResidualRule extends RuleCommon {
  readonly type: "no-residual";
}

export type TierCounter = "units" | "distributor_gross";

export interface TierBand {
  /** Upper bound of the band (cumulative units or gross); undefined for the last band. */
  readonly upTo?: Dec;
  readonly rate: Dated<Dec>;
}

/** A percentage of distributor's gross, flat or tiered by a cumulative counter per title. */
export interface RevenueRule extends RuleCommon {
  readonly type: "revenue";
  readonly rate?: Dated<Dec>;
  readonly tiers?: { readonly counter: TierCounter; readonly bands: readonly TierBand[]; readonly citation: Citation };
}

/** Ad-supported streaming: free window, fixed periods paid once, then a library rate. */
export interface ZonedStreamingRule extends RuleCommon {
  readonly type: "zoned-streaming";
  readonly window: { readonly days: number; readonly firstSeasonDays: number; readonly citation: Citation };
  readonly fixedPeriods: {
    readonly count: number;
    readonly days: number;
    /** null from a date: a period starting then is paid at the library rate instead. */
    readonly rate: Dated<Dec | null>;
    readonly marketRates: ReadonlyMap<Market, Dated<Dec | null>>;
    readonly citation: Citation;
  };
  readonly library: { readonly rate: Dated<Dec> };
}

export type PayingRule = NoResidualRule | RevenueRule | ZonedStreamingRule;
export type Rule = CutoffRule | PayingRule;

export interface Contract {
  readonly id: string;
  readonly title: string;
  readonly guild: Guild;
  readonly status: ContractStatus;
  readonly term: { readonly from: Day; readonly to?: Day };
  readonly fixedBasis: FixedBasis;
  readonly extends?: string;
  readonly cutoffs: readonly CutoffRule[];
  /** Highest priority first; files are checked so that no two rules of equal priority overlap. */
  readonly rules: readonly PayingRule[];
}
