import type { RuleTerms } from "../../domain/terms.js";
import type { RuleKind } from "../kind.js";
import { citationLines } from "../terms-describe.js";
import { citation, ruleObject } from "../terms-schema.js";
import type * as z from "zod";

/** The contract covers the use and says nothing is due. */
export interface NoResidualRule extends RuleTerms {
  readonly type: "no-residual";
}

const schema = ruleObject("no-residual", { ...citation });

export const noResidualKind: RuleKind<z.infer<typeof schema>, NoResidualRule> = {
  type: "no-residual",
  title: "no residual",
  schema,
  compile: (_file, common) => ({ ...common, type: "no-residual" }),
  settled: (rule, contract) => [{ type: "zero", rule: rule.id, exclusion: "no residual", note: rule.description ?? `${contract.id} pays no residual for this use` }],
  describe: (file, origin) => [`  nothing is due${origin(["type"])}`, ...citationLines(file)],
};
