import { Allocation } from "../money/allocate.js";
import { decOf, decOfShared, productCents, scaledOf, type Scaled } from "../money/scaled.js";
import { ZERO, type Dec } from "../money/decimal.js";
import { isRejectedCast, type CastMember, type CastRecords, type RejectedCastRecord, type Title, type Usage } from "../domain/inputs.js";
import type { Draft, ExclusionKind, Line, LineBasis, LineStatus, Part, Share } from "../domain/lines.js";
import type { Contract } from "../domain/terms.js";

/**
 * Turns drafts into output lines: applies the applicable minimum, splits pools among the cast,
 * and rounds each line once (half-up to cents).
 */
export function finishDrafts(
  drafts: readonly Draft[],
  usage: Usage,
  contract: Contract,
  title: Title,
  cast: TitleCast,
): Line[] {
  // The cast as TitleCast keeps it: a row reads that one object, not the records behind it.
  const rejected = cast.rejected;
  if (rejected !== undefined) return withRejectedCast(drafts, usage, contract, title, rejected, cast.members);
  if (cast.members.length === 0) {
    // Without a cast each draft makes one line, so the array is made at its size (one grown by
    // push reserves 16 slots, which was a third of the memory a row's lines took), as a literal:
    // an array made by map is of another element kind, which code that met the first kind was
    // compiled again for.
    if (drafts.length === 1) return [titleLine(drafts[0]!, usage, contract, title)];
    if (drafts.length === 2) return [titleLine(drafts[0]!, usage, contract, title), titleLine(drafts[1]!, usage, contract, title)];
    const lines: Line[] = [];
    for (const draft of drafts) lines.push(titleLine(draft, usage, contract, title));
    return lines;
  }
  const lines: Line[] = [];
  for (const draft of drafts) {
    if (draft.type === "revenue") {
      shareOut(lines, revenuePool(draft, usage, contract.id), cast.shared());
    } else if (draft.type === "amount") {
      shareOut(lines, amountPool(draft, usage, contract.id), cast.shared());
    } else if (draft.type === "fixed" && contract.fixedBasis === "tam") {
      tamLines(lines, draft, usage, contract.id, cast.members);
    } else if (draft.type === "fixed" && title.residualBase !== undefined) {
      shareOut(lines, residualBasePool(draft, usage, contract.id, title.residualBase), cast.shared());
    } else {
      lines.push(titleLine(draft, usage, contract, title));
    }
  }
  return lines;
}

/**
 * A title with a rejected cast record: its performer's share of a pool is unknown, and the
 * others must not take it, so each pool is an `incomplete` line naming the record. Fixed
 * residuals on each performer's own TAM are theirs alone: the others keep their lines, and the
 * rejected record's is incomplete too.
 */
function withRejectedCast(drafts: readonly Draft[], usage: Usage, contract: Contract, title: Title, rejected: RejectedCastRecord, members: readonly CastMember[]): Line[] {
  const { file, record, line: at } = rejected.rejected;
  const why = `${file} record ${record} (line ${at}) is rejected`;
  const lines: Line[] = [];
  for (const draft of drafts) {
    if (draft.type === "revenue") {
      const pool = revenuePool(draft, usage, contract.id);
      lines.push(line(usage, contract.id, draft.rule, "incomplete", pool.basis, undefined, pool.rate, undefined, undefined, `cast ${why}, so the pool is not shared (${draft.note})`, pool.gross, pool.part));
    } else if (draft.type === "amount") {
      lines.push(line(usage, contract.id, draft.rule, "incomplete", "", undefined, undefined, undefined, undefined, `cast ${why}, so the pool is not shared (${draft.note})`));
    } else if (draft.type === "fixed" && contract.fixedBasis === "tam") {
      tamLines(lines, draft, usage, contract.id, members);
      lines.push(line(usage, contract.id, draft.rule, "incomplete", "applicable_minimum", undefined, draft.rate, undefined, undefined, `tam is unknown: cast ${why} (${draft.note})`));
    } else if (draft.type === "fixed" && title.residualBase !== undefined) {
      const pool = residualBasePool(draft, usage, contract.id, title.residualBase);
      lines.push(line(usage, contract.id, draft.rule, "incomplete", pool.basis, pool.applicableMinimum, pool.rate, undefined, undefined, `cast ${why}, so the pool is not shared (${draft.note})`, undefined, undefined, undefined, pool.minimum));
    } else {
      lines.push(titleLine(draft, usage, contract, title));
    }
  }
  return lines;
}

/** A draft's one line where no cast shares in it: the title keeps the pool. */
function titleLine(draft: Draft, usage: Usage, contract: Contract, title: Title): Line {
  const id = contract.id;
  switch (draft.type) {
    case "zero":
      return line(usage, id, draft.rule, "zero", "", undefined, undefined, 0n, undefined, draft.note, undefined, undefined, undefined, undefined, draft.exclusion);
    case "incomplete":
      return line(usage, id, draft.rule, "incomplete", "", undefined, undefined, undefined, undefined, draft.note, undefined, undefined, undefined, undefined, undefined, draft.missing);
    case "not-modelled":
      return line(usage, id, draft.rule, "not-modelled", "", undefined, undefined, undefined, undefined, draft.note);
    case "revenue":
      return poolLine(revenuePool(draft, usage, id), draft.note);
    case "amount":
      return poolLine(amountPool(draft, usage, id), draft.note);
    case "fixed": {
      const base = title.residualBase;
      if (base === undefined) {
        const note = `residual_base is missing (the title's applicable minimum for ${draft.note})`;
        return line(usage, id, draft.rule, "incomplete", "applicable_minimum", undefined, draft.rate, undefined, undefined, note, undefined, undefined, undefined, undefined, undefined, "residual_base");
      }
      return poolLine(residualBasePool(draft, usage, id, base), draft.note);
    }
  }
}

/** A title-level amount in cents, before the cast shares it, and what its lines say of it. */
interface Pool {
  readonly usage: Usage;
  readonly contract: string;
  readonly rule: string;
  readonly basis: LineBasis;
  readonly applicableMinimum: Dec | undefined;
  /** The amount the rate applies to is zero. */
  readonly noBase: boolean;
  /** Undefined for a fixed amount (a bonus). */
  readonly rate: Dec | undefined;
  readonly cents: bigint;
  readonly note: string;
  readonly gross: Scaled | undefined;
  readonly part: Part | undefined;
  readonly minimum: "tam" | "residual_base" | undefined;
}

type RevenueDraft = Extract<Draft, { type: "revenue" }>;
type FixedDraft = Extract<Draft, { type: "fixed" }>;
type AmountDraft = Extract<Draft, { type: "amount" }>;

function amountPool(draft: AmountDraft, usage: Usage, contract: string): Pool {
  return { usage, contract, rule: draft.rule, basis: "", applicableMinimum: undefined, noBase: false, rate: undefined, cents: draft.cents, note: draft.note, gross: undefined, part: undefined, minimum: undefined };
}

/** A computed amount's status: a correction's negative amount is an adjustment. */
function amountStatus(cents: bigint): LineStatus {
  return cents > 0n ? "payable" : cents < 0n ? "adjustment" : "zero";
}

function revenuePool(draft: RevenueDraft, usage: Usage, contract: string): Pool {
  const { gross, part } = draft;
  const cents = productCents(scaledOf(draft.rate), gross, part?.count, part?.of);
  // Parts are never empty, so the base is zero exactly when the gross is.
  const noBase = gross.unscaled === 0n;
  return { usage, contract, rule: draft.rule, basis: "distributor_gross", applicableMinimum: undefined, noBase, rate: draft.rate, cents, note: draft.note, gross, part, minimum: undefined };
}

function residualBasePool(draft: FixedDraft, usage: Usage, contract: string, base: Dec): Pool {
  const cents = productCents(scaledOf(draft.rate), scaledOf(base));
  return { usage, contract, rule: draft.rule, basis: "applicable_minimum", applicableMinimum: base, noBase: base.isZero(), rate: draft.rate, cents, note: draft.note, gross: undefined, part: undefined, minimum: "residual_base" };
}

/** A pool's one line, kept by the title; `note` says why where a cast could not share it. */
function poolLine(pool: Pool, note: string): Line {
  const status = amountStatus(pool.cents);
  if (status === "zero") {
    note += pool.noBase ? "; no distributor's gross" : "; amount rounds to 0.00";
  }
  return line(pool.usage, pool.contract, pool.rule, status, pool.basis, pool.applicableMinimum, pool.rate, pool.cents, undefined, note, pool.gross, pool.part, undefined, pool.minimum, undefined, undefined, pool.note);
}

/** A fixed draft on each performer's own applicable minimum (tam): a line per performer. */
function tamLines(lines: Line[], draft: FixedDraft, usage: Usage, contract: string, cast: readonly CastMember[]): void {
  for (const performer of cast) {
    if (performer.tam === undefined) {
      const note = `tam is missing for performer ${performer.performerId} (${draft.note})`;
      lines.push(line(usage, contract, draft.rule, "incomplete", "applicable_minimum", undefined, draft.rate, undefined, performer.performerId, note, undefined, undefined, undefined, undefined, undefined, "tam"));
      continue;
    }
    const amount = productCents(scaledOf(draft.rate), performer.tam);
    const status: LineStatus = amount === 0n ? "zero" : "payable";
    lines.push(line(usage, contract, draft.rule, status, "applicable_minimum", decOfShared(performer.tam), draft.rate, amount, performer.performerId, draft.note, undefined, undefined, undefined, "tam"));
  }
}

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
  missing?: string,
  ruleNote = note,
): Line {
  return { usage, contract, rule, status, basis, applicableMinimum, rate, amount, performerId, note, ruleNote, gross, part, share, minimum, exclusion, missing };
}

const NO_MEMBERS: readonly CastMember[] = [];

/**
 * A title's cast as its rows' lines use it: its members, the record of it that was rejected
 * (if any), and how the members share pools, worked out at the title's first pool and kept for
 * all its rows. All of it on this one object: a row reading it reads nothing else of the cast
 * (over a large cast, each further object was a read out of cache).
 */
export class TitleCast {
  /** The record of this title's cast that was rejected: its pools are not shared (see withRejectedCast). */
  readonly rejected: RejectedCastRecord | undefined;
  readonly members: readonly CastMember[];
  /** The members with allocation units, who share pools (set with `allocation`, by `shared`). */
  sharers: readonly CastMember[] = NO_MEMBERS;
  totalUnits: Dec = ZERO;
  /** How pools are split among the sharers; undefined where none has units (or before `shared`). */
  allocation: Allocation | undefined = undefined;
  private sharingKnown = false;

  constructor(records: CastRecords) {
    const first = records[0];
    this.rejected = isRejectedCast(first) ? first : undefined;
    const members: CastMember[] = [];
    for (const record of records) if (!isRejectedCast(record)) members.push(record);
    this.members = members;
  }

  /** This cast, with how its members share pools worked out. */
  shared(): this {
    if (this.sharingKnown) return this;
    this.sharingKnown = true;
    const sharers: CastMember[] = [];
    const weights: Dec[] = [];
    for (const member of this.members) {
      if (member.units === undefined || !member.units.greaterThan(0)) continue;
      sharers.push(member);
      weights.push(member.units);
    }
    if (sharers.length === 0) return this;
    const allocation = new Allocation(weights);
    this.sharers = sharers;
    this.totalUnits = decOf(allocation.total);
    this.allocation = allocation;
    return this;
  }
}

/**
 * A pool shared by the performers with allocation units, one line each, shares summing exactly
 * to the pool; where none has units, the title keeps it (one line that says so).
 */
function shareOut(lines: Line[], pool: Pool, cast: TitleCast): void {
  const { sharers, totalUnits, allocation } = cast;
  if (allocation === undefined) {
    lines.push(poolLine(pool, `${pool.note}; no cast member has allocation units, so the pool stays with the title`));
    return;
  }
  const shares = allocation.split(pool.cents);
  sharers.forEach((member, index) => {
    const amount = shares[index]!;
    const status = amountStatus(amount);
    const share: Share = { pool: pool.cents, units: member.units!, totalUnits };
    const note = status === "zero" ? `${pool.note}; share rounds to 0.00` : pool.note;
    lines.push(line(pool.usage, pool.contract, pool.rule, status, pool.basis, pool.applicableMinimum, pool.rate, amount, member.performerId, note, pool.gross, pool.part, share, pool.minimum, undefined, undefined, pool.note));
  });
}
