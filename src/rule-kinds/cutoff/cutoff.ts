import { formatDay, type Day } from "../../domain/days.js";
import type { RuleTerms } from "../../domain/terms.js";
import type { RuleKind } from "../kind.js";
import { dayOf } from "../terms-compile.js";
import { citationLines } from "../terms-describe.js";
import { citation, isoDate, ruleObject } from "../terms-schema.js";
import type * as z from "zod";

/** Titles produced before `producedBefore` earn nothing on the media it names (docs/calculation.md). */
export interface CutoffRule extends RuleTerms {
  readonly type: "cutoff";
  readonly producedBefore: Day;
}

const schema = ruleObject("cutoff", { produced_before: isoDate, ...citation });

export const cutoffKind: RuleKind<z.infer<typeof schema>, CutoffRule> = {
  type: "cutoff",
  title: "cutoff by production date",
  schema,
  compile: (file, common) => ({ ...common, type: "cutoff", producedBefore: dayOf(file.produced_before) }),
  excludes: (rule, title, contract) =>
    title.producedOn < rule.producedBefore
      ? {
          type: "zero",
          rule: rule.id,
          exclusion: "cutoff",
          note: `produced ${formatDay(title.producedOn)}, before the ${formatDay(rule.producedBefore)} cutoff of ${contract.id}`,
        }
      : undefined,
  describe: (file, origin) => [`  produced before ${file.produced_before}: no residual at all${origin(["produced_before"])}`, ...citationLines(file)],
};
