import type { AnyRuleKind } from "./kind.js";
import { cutoffKind } from "./cutoff/cutoff.js";
import { noResidualKind } from "./no-residual/no-residual.js";
import { notModelledKind } from "./not-modelled/not-modelled.js";
import { revenueKind } from "./revenue/revenue.js";
import { successBonusKind } from "./success-bonus/success-bonus.js";
import { zonedStreamingKind } from "./zoned-streaming/zoned-streaming.js";

/** Every kind of rule a contract file may use (`type:`), one line each (docs/architecture.md). */
export const RULE_KINDS: readonly AnyRuleKind[] = [cutoffKind, noResidualKind, notModelledKind, revenueKind, zonedStreamingKind, successBonusKind];

const byType = new Map(RULE_KINDS.map((kind) => [kind.type, kind]));

/** The kind of a rule's type (one the schema accepted). */
export function kindOf(type: string): AnyRuleKind {
  const kind = byType.get(type);
  if (kind === undefined) throw new Error(`no rule kind "${type}"`);
  return kind;
}
