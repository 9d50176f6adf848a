import { allocateCents } from "./allocate.js";
import { productCents, scaledOf, type Scaled } from "./cents.js";
import { Dec } from "./money.js";
import type { CastMember, Title, Usage } from "./inputs.js";
import type { Draft, ExclusionKind, Line, LineBasis, LineStatus, Part, Share } from "./lines.js";
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
  const id = contract.id;
  for (const draft of drafts) {
    switch (draft.type) {
      case "zero":
        lines.push(line(usage, id, draft.rule, "zero", "", undefined, undefined, 0n, undefined, draft.note, undefined, undefined, undefined, undefined, draft.exclusion));
        break;
      case "incomplete":
        lines.push(line(usage, id, draft.rule, "incomplete", "", undefined, undefined, undefined, undefined, draft.note));
        break;
      case "revenue": {
        const { gross, part } = draft;
        const pool = productCents(scaledOf(draft.rate), gross, part?.count, part?.of);
        // Parts are never empty, so the base is zero exactly when the gross is.
        const noBase = gross.unscaled === 0n;
        shareOut(lines, usage, id, draft.rule, "distributor_gross", undefined, noBase, draft.rate, pool, draft.note, cast, gross, part, undefined);
        break;
      }
      case "fixed": {
        if (contract.fixedBasis === "tam" && cast !== undefined && cast.length > 0) {
          for (const performer of cast) {
            if (performer.tam === undefined) {
              const note = `tam is missing for performer ${performer.performerId} (${draft.note})`;
              lines.push(line(usage, id, draft.rule, "incomplete", "applicable_minimum", undefined, draft.rate, undefined, performer.performerId, note));
              continue;
            }
            const amount = productCents(scaledOf(draft.rate), scaledOf(performer.tam));
            const status: LineStatus = amount === 0n ? "zero" : "payable";
            lines.push(line(usage, id, draft.rule, status, "applicable_minimum", performer.tam, draft.rate, amount, performer.performerId, draft.note, undefined, undefined, undefined, "tam"));
          }
          break;
        }
        const base = title.residualBase;
        if (base === undefined) {
          const note = `residual_base is missing (the title's applicable minimum for ${draft.note})`;
          lines.push(line(usage, id, draft.rule, "incomplete", "applicable_minimum", undefined, draft.rate, undefined, undefined, note));
          break;
        }
        const pool = productCents(scaledOf(draft.rate), scaledOf(base));
        shareOut(lines, usage, id, draft.rule, "applicable_minimum", base, base.isZero(), draft.rate, pool, draft.note, cast, undefined, undefined, "residual_base");
        break;
      }
    }
  }
  return lines;
}

/** A title without a cast file entry (most lines): no array is made for it. */
const NO_CAST: readonly CastMember[] = [];

/** Builds a line with every field present, so all lines share one shape. */
function line(
  usage: Usage,
  contract: string,
  rule: string,
  status: LineStatus,
  basis: LineBasis,
  applicableMinimum: Dec | undefined,
  rate: Dec | undefined,
  amount: bigint | undefined,
  performerId: string | undefined,
  note: string,
  gross?: Scaled,
  part?: Part,
  share?: Share,
  minimum?: "tam" | "residual_base",
  exclusion?: ExclusionKind,
): Line {
  return { usage, contract, rule, status, basis, applicableMinimum, rate, amount, performerId, note, gross, part, share, minimum, exclusion };
}

/**
 * A title-level amount (a pool, in cents): one title line, or with a cast that has allocation
 * units, one line per such performer, shares summing exactly to the pool. `noBase`: the amount
 * the rate applies to is zero.
 */
function shareOut(
  lines: Line[],
  usage: Usage,
  contract: string,
  rule: string,
  basis: LineBasis,
  applicableMinimum: Dec | undefined,
  noBase: boolean,
  rate: Dec,
  pool: bigint,
  note: string,
  cast: readonly CastMember[] | undefined,
  gross: Scaled | undefined,
  part: Part | undefined,
  minimum: "tam" | "residual_base" | undefined,
): void {
  const sharers = cast === undefined ? NO_CAST : cast.filter((member) => member.units !== undefined && member.units.greaterThan(0));
  if (sharers.length === 0) {
    let fullNote = cast !== undefined && cast.length > 0 ? `${note}; no cast member has allocation units, so the pool stays with the title` : note;
    let status: LineStatus = "payable";
    if (pool === 0n) {
      status = "zero";
      fullNote += noBase ? "; no distributor's gross" : "; amount rounds to 0.00";
    }
    lines.push(line(usage, contract, rule, status, basis, applicableMinimum, rate, pool, undefined, fullNote, gross, part, undefined, minimum));
    return;
  }
  const weights = sharers.map((member) => member.units!);
  const totalUnits = weights.reduce((sum, w) => sum.plus(w), new Dec(0));
  const shares = allocateCents(pool, weights);
  sharers.forEach((member, index) => {
    const amount = shares[index]!;
    const zero = amount === 0n;
    const share: Share = { pool, units: member.units!, totalUnits };
    lines.push(
      line(usage, contract, rule, zero ? "zero" : "payable", basis, applicableMinimum, rate, amount, member.performerId, zero ? `${note}; share rounds to 0.00` : note, gross, part, share, minimum),
    );
  });
}
