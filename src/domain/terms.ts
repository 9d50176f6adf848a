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

/** Runtimes from `from` to `to` minutes, inclusive (`to` undefined: no upper bound). */
export interface RuntimeRange {
  readonly from: number;
  readonly to?: number;
}

export interface BudgetThreshold {
  /** Covered when budget ÷ runtime reaches this. */
  readonly perMinute?: { readonly amount: Dec; readonly citation: Citation };
  /** Or when the whole budget reaches this. */
  readonly perProgram?: { readonly amount: Dec; readonly citation: Citation };
  /** Or when the whole budget reaches the amount of the title's runtime band (a runtime in no band never does). */
  readonly byRuntime?: { readonly bands: readonly (RuntimeRange & { readonly amount: Dec })[]; readonly citation: Citation };
}

/** What every rule has, whatever its kind, compiled from the keys every rule has. */
export interface RuleCommon {
  readonly id: string;
  readonly applies: Applicability;
  readonly priority: number;
  /** Pays on top of the other rules that apply (a bonus on a residual), instead of in their place. */
  readonly addsToOthers: boolean;
  /** Place in the contract file's rules (0, 1, 2 …): the order a row's lines come in. */
  readonly order: number;
  /** Rules that are a term in themselves (cutoffs, no-residual) carry one; others cite per term. */
  readonly citation?: Citation;
  readonly description?: string;
  readonly budgetThreshold?: BudgetThreshold;
}

/** A rule's terms as the engine holds them: its kind (`type`, see src/rule-kinds) adds its own. */
export interface RuleTerms extends RuleCommon {
  readonly type: string;
}

export interface Contract {
  readonly id: string;
  readonly title: string;
  readonly guild: Guild;
  readonly status: ContractStatus;
  readonly term: { readonly from: Day; readonly to?: Day };
  readonly fixedBasis: FixedBasis;
  readonly extends?: string;
  /** Rules of kinds that exclude a use before any rule pays (cutoffs), in file order. */
  readonly cutoffs: readonly RuleTerms[];
  /** Every other rule, in file order; files are checked so that no two rules of equal priority overlap. */
  readonly rules: readonly RuleTerms[];
}
