import type { RuleTerms } from "../../domain/terms.js";
import type { RuleKind } from "../kind.js";
import { citationLines } from "../terms-describe.js";
import { citation, ruleObject } from "../terms-schema.js";
import * as z from "zod";

/** The contract pays for the use, but its terms are not public: a line without an amount that says so. */
export interface NotModelledRule extends RuleTerms {
  readonly type: "not-modelled";
  /** What is missing and where to find it. */
  readonly reason: string;
}

const schema = ruleObject("not-modelled", {
  reason: z.string({ error: "reason is required: what is not public, and where the terms are" }).min(1, { error: "reason must not be empty" }),
  ...citation,
});

export const notModelledKind: RuleKind<z.infer<typeof schema>, NotModelledRule> = {
  type: "not-modelled",
  title: "not modelled (the terms are not public)",
  schema,
  compile: (file, common) => ({ ...common, type: "not-modelled", reason: file.reason }),
  settled: (rule) => [{ type: "not-modelled", rule: rule.id, note: `not modelled: ${rule.reason}` }],
  describe: (file, origin) => [
    `  not modelled: ${file.reason}${origin(["reason"])}`,
    "  lines say so and carry no amount (never a zero, never in a total)",
    ...citationLines(file),
  ],
};
