import { parseDay, type Day } from "../domain/days.js";
import { Dec } from "../money/decimal.js";
import type {
  Applicability,
  BudgetThreshold,
  Citation,
  Contract,
  CutoffRule,
  Dated,
  PayingRule,
} from "../domain/terms.js";
import type { Market } from "../domain/vocabulary.js";
import { ContractError, type ContractProblem } from "./problems.js";
import type { ContractFile, NullableRateTermFile, RateTermFile, RuleFile } from "./schema.js";

type PathKey = string | number;
export type ProblemAt = (path: PathKey[], message: string) => ContractProblem;

/** Turns a validated contract file into the engine's terms; checks what spans several rules. */
export function compileContract(file: ContractFile, problemAt: ProblemAt): Contract {
  const cutoffs: CutoffRule[] = [];
  const rules: PayingRule[] = [];
  for (const [id, rule] of Object.entries(file.rules)) {
    if (rule.type === "cutoff") {
      cutoffs.push({ ...common(id, rule), type: "cutoff", producedBefore: day(rule.produced_before) });
    } else {
      rules.push(compilePayingRule(id, rule));
    }
  }
  const problems = overlaps(rules, problemAt);
  if (problems.length > 0) throw new ContractError(problems);
  // Stable sort: equal priorities keep file order (they never overlap, as just checked).
  rules.sort((a, b) => b.priority - a.priority);
  return {
    id: file.id,
    title: file.title,
    guild: file.guild,
    status: file.status,
    term: { from: day(file.term.from), ...(file.term.to ? { to: day(file.term.to) } : {}) },
    fixedBasis: file.fixed_basis,
    ...(file.extends ? { extends: file.extends } : {}),
    cutoffs,
    rules,
  };
}

function compilePayingRule(id: string, rule: Exclude<RuleFile, { type: "cutoff" }>): PayingRule {
  const threshold = "budget_threshold" in rule && rule.budget_threshold ? { budgetThreshold: budgetThreshold(rule.budget_threshold) } : {};
  switch (rule.type) {
    case "no-residual":
      return { ...common(id, rule), type: "no-residual" };
    case "revenue":
      return {
        ...common(id, rule),
        ...threshold,
        type: "revenue",
        ...(rule.rate ? { rate: dated(rule.rate) } : {}),
        ...(rule.tiers
          ? {
              tiers: {
                counter: rule.tiers.counter,
                citation: citation(rule.tiers),
                bands: rule.tiers.bands.map((band) => ({
                  ...(band.up_to !== undefined ? { upTo: new Dec(band.up_to) } : {}),
                  rate: dated(band.rate),
                })),
              },
            }
          : {}),
      };
    case "zoned-streaming": {
      const marketRates = new Map<Market, Dated<Dec | null>>();
      for (const [market, term] of Object.entries(rule.fixed_periods.market_rates ?? {})) {
        if (term) marketRates.set(market as Market, datedNullable(term));
      }
      return {
        ...common(id, rule),
        ...threshold,
        type: "zoned-streaming",
        window: { days: Number(rule.window.days), firstSeasonDays: Number(rule.window.first_season_days), citation: citation(rule.window) },
        fixedPeriods: {
          count: Number(rule.fixed_periods.count),
          days: Number(rule.fixed_periods.days),
          rate: datedNullable(rule.fixed_periods.rate),
          marketRates,
          citation: citation(rule.fixed_periods),
        },
        library: { rate: dated(rule.library.rate) },
      };
    }
  }
}

function common(id: string, rule: RuleFile) {
  const applies: Applicability = {
    kinds: new Set(rule.applies_to.kinds),
    media: new Set(rule.applies_to.media),
    ...(rule.applies_to.markets ? { markets: new Set(rule.applies_to.markets) } : {}),
  };
  const ruleCitation = "source" in rule && rule.source ? citation(rule as { source: string; confidence: Citation["confidence"]; note?: string }) : undefined;
  return {
    id,
    applies,
    priority: rule.priority === undefined ? 0 : Number(rule.priority),
    ...(ruleCitation ? { citation: ruleCitation } : {}),
    ...(rule.description ? { description: rule.description } : {}),
  };
}

function citation(term: { source: string; confidence: Citation["confidence"]; note?: string | undefined }): Citation {
  return { source: term.source, confidence: term.confidence, ...(term.note ? { note: term.note } : {}) };
}

function day(text: string): Day {
  return parseDay(text)!;
}

function dated(term: RateTermFile): Dated<Dec> {
  return {
    steps: [
      { value: new Dec(term.value), citation: citation(term) },
      ...(term.changes ?? []).map((change) => ({ from: day(change.from), value: new Dec(change.value), citation: citation(change) })),
    ],
  };
}

function datedNullable(term: NullableRateTermFile): Dated<Dec | null> {
  const value = (text: string | null) => (text === null ? null : new Dec(text));
  return {
    steps: [
      { value: value(term.value), citation: citation(term) },
      ...(term.changes ?? []).map((change) => ({ from: day(change.from), value: value(change.value), citation: citation(change) })),
    ],
  };
}

function budgetThreshold(file: NonNullable<Extract<RuleFile, { type: "revenue" }>["budget_threshold"]>): BudgetThreshold {
  return {
    ...(file.per_minute ? { perMinute: { amount: new Dec(file.per_minute.value), citation: citation(file.per_minute) } } : {}),
    ...(file.per_program ? { perProgram: { amount: new Dec(file.per_program.value), citation: citation(file.per_program) } } : {}),
  };
}

/** Two rules that can both apply to one use with the same priority are an error, not a coin toss. */
function overlaps(rules: readonly PayingRule[], problemAt: ProblemAt): ContractProblem[] {
  const problems: ContractProblem[] = [];
  rules.forEach((rule, index) => {
    for (const earlier of rules.slice(0, index)) {
      if (earlier.priority !== rule.priority) continue;
      const kinds = [...rule.applies.kinds].filter((k) => earlier.applies.kinds.has(k));
      const media = [...rule.applies.media].filter((m) => earlier.applies.media.has(m));
      const marketsMeet =
        !rule.applies.markets || !earlier.applies.markets || [...rule.applies.markets].some((m) => earlier.applies.markets!.has(m));
      if (kinds.length > 0 && media.length > 0 && marketsMeet) {
        problems.push(
          problemAt(
            ["rules", rule.id, "applies_to"],
            `overlaps rule "${earlier.id}" (both apply to ${kinds[0]} on ${media[0]}) with no priority between them`,
          ),
        );
      }
    }
  });
  return problems;
}
