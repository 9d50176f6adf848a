import type { Applicability, Contract, RuleCommon, RuleTerms } from "../domain/terms.js";
import { kindOf } from "../rule-kinds/registry.js";
import { budgetThresholdOf, citationOf, dayOf } from "../rule-kinds/terms-compile.js";
import type { CitedFile } from "../rule-kinds/terms-schema.js";
import { ContractError, type ContractProblem } from "./problems.js";
import type { ContractFile, RuleFile } from "./schema.js";

type PathKey = string | number;
export type ProblemAt = (path: PathKey[], message: string) => ContractProblem;

/**
 * Turns a validated contract file into the engine's terms, each rule by its kind's compile
 * step (src/rule-kinds), and checks what spans several rules: that no two rules would pay for
 * the same use (docs/contracts.md, "Which rules compute a use, and stacking").
 */
export function compileContract(file: ContractFile, problemAt: ProblemAt): Contract {
  const cutoffs: RuleTerms[] = [];
  const rules: RuleTerms[] = [];
  Object.entries(file.rules).forEach(([id, rule], order) => {
    const kind = kindOf(rule.type);
    const compiled = kind.compile(rule, common(id, rule, order)) as RuleTerms;
    (kind.excludes ? cutoffs : rules).push(compiled);
  });
  const problems = overlaps(rules, problemAt);
  if (problems.length > 0) throw new ContractError(problems);
  return {
    id: file.id,
    title: file.title,
    guild: file.guild,
    status: file.status,
    term: { from: dayOf(file.term.from), ...(file.term.to ? { to: dayOf(file.term.to) } : {}) },
    fixedBasis: file.fixed_basis,
    ...(file.extends ? { extends: file.extends } : {}),
    cutoffs,
    rules,
  };
}

function common(id: string, rule: RuleFile, order: number): RuleCommon {
  const applies: Applicability = {
    kinds: new Set(rule.applies_to.kinds),
    media: new Set(rule.applies_to.media),
    ...(rule.applies_to.markets ? { markets: new Set(rule.applies_to.markets) } : {}),
  };
  return {
    id,
    applies,
    priority: rule.priority === undefined ? 0 : Number(rule.priority),
    addsToOthers: rule.adds_to_others === true,
    order,
    ...(typeof rule.source === "string" ? { citation: citationOf(rule as unknown as CitedFile) } : {}),
    ...(rule.description ? { description: rule.description } : {}),
    ...(rule.budget_threshold ? { budgetThreshold: budgetThresholdOf(rule.budget_threshold) } : {}),
  };
}

/**
 * Two rules that can both apply to one use with the same priority would both pay for it: an
 * error, not a coin toss. A rule that adds to others is only checked against the rules that
 * add to others too.
 */
function overlaps(rules: readonly RuleTerms[], problemAt: ProblemAt): ContractProblem[] {
  const problems: ContractProblem[] = [];
  rules.forEach((rule, index) => {
    for (const earlier of rules.slice(0, index)) {
      if (earlier.priority !== rule.priority || earlier.addsToOthers !== rule.addsToOthers) continue;
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
