import { allocateCents } from "./allocate.js";
import { Dec, formatCents, formatMoney, formatPercent, formatPlain, toCents, ZERO } from "./money.js";
import type { CastMember, Title, Usage } from "./inputs.js";
import type { Draft, Line, LineBasis } from "./lines.js";
import type { Contract } from "./terms.js";

/**
 * Turns drafts into output lines: applies the applicable minimum, splits pools among the cast,
 * and rounds each line once (half-up to cents).
 */
export function finishDrafts(
  drafts: readonly Draft[],
  usage: Usage,
  contract: Contract,
  title: Title,
  cast: readonly CastMember[] | undefined,
): Line[] {
  const lines: Line[] = [];
  const common = { usage, contract: contract.id };
  for (const draft of drafts) {
    switch (draft.type) {
      case "zero":
        lines.push({ ...common, rule: draft.rule, status: "zero", basis: "", amount: ZERO, note: draft.note, explanation: draft.note });
        break;
      case "incomplete":
        lines.push({ ...common, rule: draft.rule, status: "incomplete", basis: "", note: draft.note, explanation: draft.note });
        break;
      case "revenue": {
        const pool = toCents(draft.exact);
        const arithmetic = `${draft.arithmetic} = ${formatCents(pool)}`;
        const head = { ...common, rule: draft.rule, basis: "distributor_gross" as const, base: draft.base, rate: draft.rate };
        lines.push(...shareOut(head, pool, draft.note, arithmetic, cast));
        break;
      }
      case "fixed": {
        const head = { ...common, rule: draft.rule, basis: "applicable_minimum" as const, rate: draft.rate };
        const describe = (base: Dec, amount: Dec) =>
          `${formatPercent(draft.rate)} × applicable minimum ${formatMoney(base)} = ${formatCents(amount)}`;
        if (contract.fixedBasis === "tam" && cast && cast.length > 0) {
          for (const performer of cast) {
            if (performer.tam === undefined) {
              const note = `tam is missing for performer ${performer.performerId} (${draft.note})`;
              lines.push({ ...head, performerId: performer.performerId, status: "incomplete", note, explanation: note });
              continue;
            }
            const amount = toCents(draft.rate.times(performer.tam));
            lines.push({
              ...head,
              base: performer.tam,
              amount,
              performerId: performer.performerId,
              status: amount.isZero() ? "zero" : "payable",
              note: draft.note,
              explanation: `${describe(performer.tam, amount)}, performer's TAM (${draft.note})`,
            });
          }
          break;
        }
        const base = title.residualBase;
        if (base === undefined) {
          const note = `residual_base is missing (the title's applicable minimum for ${draft.note})`;
          lines.push({ ...head, status: "incomplete", note, explanation: note });
          break;
        }
        const pool = toCents(draft.rate.times(base));
        lines.push(...shareOut({ ...head, base }, pool, draft.note, describe(base, pool), cast));
        break;
      }
    }
  }
  return lines;
}

interface LineHead {
  readonly usage: Usage;
  readonly contract: string;
  readonly rule: string;
  readonly basis: LineBasis;
  readonly base?: Dec;
  readonly rate?: Dec;
}

/**
 * A title-level amount (a pool, already in cents): one title line, or with a cast that has
 * allocation units, one line per such performer, shares summing exactly to the pool.
 */
function shareOut(head: LineHead, pool: Dec, note: string, arithmetic: string, cast: readonly CastMember[] | undefined): Line[] {
  const sharers = (cast ?? []).filter((member) => member.units !== undefined && member.units.greaterThan(0));
  if (sharers.length === 0) {
    const noUnits = cast && cast.length > 0 ? "; no cast member has allocation units, so the pool stays with the title" : "";
    return [titleLine(head, pool, note + noUnits, `${arithmetic} (${note}${noUnits})`)];
  }
  const weights = sharers.map((member) => member.units!);
  const totalUnits = weights.reduce((sum, w) => sum.plus(w), new Dec(0));
  const shares = allocateCents(pool, weights);
  return sharers.map((member, index) => {
    const amount = shares[index]!;
    const units = formatPlain(member.units!);
    return {
      ...head,
      amount,
      performerId: member.performerId,
      status: amount.isZero() ? ("zero" as const) : ("payable" as const),
      note: amount.isZero() ? `${note}; share rounds to 0.00` : note,
      explanation: `${arithmetic} pool, share by units ${units} of ${formatPlain(totalUnits)} = ${formatCents(amount)} (${note})`,
    };
  });
}

function titleLine(head: LineHead, amount: Dec, note: string, explanation: string): Line {
  if (amount.isZero()) {
    const why = head.base !== undefined && head.base.isZero() ? "no distributor's gross" : "amount rounds to 0.00";
    return { ...head, amount, status: "zero", note: `${note}; ${why}`, explanation: `${explanation}; ${why}` };
  }
  return { ...head, amount, status: "payable", note, explanation };
}
