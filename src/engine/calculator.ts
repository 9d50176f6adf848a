import { formatPercent, ZERO, type Dec } from "./money.js";
import type { CastList, Catalogue, Title, Usage } from "./inputs.js";
import type { Draft, Line } from "./lines.js";
import { budgetShortfall, cutoffDraft, excludingCutoff, payingRule } from "./eligibility.js";
import { finishDrafts } from "./finish.js";
import { formatDay } from "./days.js";
import { tieredDrafts, type TierCounter } from "./tiers.js";
import { valueOn, type Contract, type RevenueRule, type ZonedStreamingRule } from "./terms.js";
import { zonedStreamingDrafts, type FixedPeriodsClaimed } from "./zones.js";
import { MEDIA, MEDIUM_LABELS, type Medium } from "./vocabulary.js";

/** The rule that computes each row of a title on a medium, with its place among the contract's rules. */
interface RuleAt {
  readonly rule: RevenueRule | ZonedStreamingRule;
  readonly slot: number;
}

/** Drafts that settle every row of a title on a medium, or the rule that computes each row. */
type Resolution = readonly Draft[] | RuleAt;

function isSettled(resolution: Resolution): resolution is readonly Draft[] {
  return Array.isArray(resolution);
}

const MEDIUM_INDEX = Object.fromEntries(MEDIA.map((medium, index) => [medium, index])) as Record<Medium, number>;

/**
 * What the calculator knows of a title: its resolved rules per medium and what it has
 * accumulated. Counters and claims live in arrays indexed by rule slot (no string keys per row).
 */
interface TitleState {
  readonly title: Title;
  /** Resolutions per medium (MEDIA order), in the state itself: one object to reach per row, not two. */
  m0: Resolution | undefined;
  m1: Resolution | undefined;
  m2: Resolution | undefined;
  m3: Resolution | undefined;
  /** Made when a title first needs them (streaming or tiered rules). */
  claimed: (FixedPeriodsClaimed | undefined)[] | undefined;
  counters: (TierCounter | undefined)[] | undefined;
  latestStart: number;
}

/** A row given before an earlier-dated row of the same title: the state would be wrong. */
export class OutOfOrderError extends Error {
  constructor(readonly usage: Usage, latestStart: number) {
    super(`usage row ${usage.row} of ${usage.titleId} starts ${formatDay(usage.start)}, before a row already computed (${formatDay(latestStart)})`);
    this.name = "OutOfOrderError";
  }
}

/**
 * Applies one contract to usage rows. It keeps cumulative state per title (fixed periods paid,
 * tier counters), so each title's rows must be given in chronological order: by period start,
 * ties in input order; a row out of that order throws OutOfOrderError. `calculateLedger` does
 * the ordering for a whole ledger.
 */
export class ContractCalculator {
  /** Per-title state: by catalogue ordinal where titles have one, else by id. */
  private readonly byOrdinal: (TitleState | undefined)[] = [];
  private readonly byId = new Map<string, TitleState>();
  /** One shared RuleAt per paying rule: titles resolving to the same rule share it (and the cache line). */
  private readonly rulesAt = new Map<RevenueRule | ZonedStreamingRule, RuleAt>();

  constructor(
    readonly contract: Contract,
    private readonly titles: Catalogue,
    private readonly cast?: CastList,
  ) {
    contract.rules.forEach((rule, slot) => {
      if (rule.type !== "no-residual") this.rulesAt.set(rule, { rule, slot });
    });
  }

  linesFor(usage: Usage): Line[] {
    const state = this.state(usage);
    if (usage.start < state.latestStart) throw new OutOfOrderError(usage, state.latestStart);
    state.latestStart = usage.start;
    const drafts = this.drafts(state, usage);
    return finishDrafts(drafts, usage, this.contract, state.title, this.cast?.get(usage.titleId));
  }

  private drafts(state: TitleState, usage: Usage): Draft[] {
    const resolved = this.resolve(state, usage.medium);
    if (isSettled(resolved)) return resolved as Draft[];
    const { rule, slot } = resolved;
    if (rule.type === "zoned-streaming") {
      const claimed = ((state.claimed ??= [])[slot] ??= []);
      return zonedStreamingDrafts(rule, state.title, usage, claimed);
    }
    if (rule.tiers) {
      const counterSlot = slot * MEDIA.length + MEDIUM_INDEX[usage.medium];
      const counter = ((state.counters ??= [])[counterSlot] ??= { units: 0, gross: ZERO });
      return tieredDrafts(rule, usage, counter);
    }
    const rate = valueOn(rule.rate!, usage.start).value;
    return [
      {
        type: "revenue",
        rule: rule.id,
        rate,
        base: usage.gross,
        exact: rate.times(usage.gross),
        note: flatRateNote(rate),
        gross: usage.gross,
        part: undefined,
      },
    ];
  }

  /**
   * What the contract does with this title on this medium. It depends only on the title and
   * the medium, so it is worked out once per pair, not per row.
   */
  private resolve(state: TitleState, medium: Medium): Resolution {
    switch (MEDIUM_INDEX[medium]) {
      case 0:
        return (state.m0 ??= this.resolveUncached(state.title, medium));
      case 1:
        return (state.m1 ??= this.resolveUncached(state.title, medium));
      case 2:
        return (state.m2 ??= this.resolveUncached(state.title, medium));
      default:
        return (state.m3 ??= this.resolveUncached(state.title, medium));
    }
  }

  private resolveUncached(title: Title, medium: Medium): Resolution {
    const contract = this.contract;
    const cutoff = excludingCutoff(contract, title, medium);
    if (cutoff) return [cutoffDraft(contract, cutoff, title)];
    const rule = payingRule(contract, title, medium);
    if (rule === undefined) {
      return [{ type: "zero", rule: "", exclusion: "no rule", note: `${contract.id} has no rule for ${title.kind} on ${MEDIUM_LABELS[medium]}` }];
    }
    if (rule.budgetThreshold) {
      const shortfall = budgetShortfall(rule, rule.budgetThreshold, title);
      if (shortfall) return [shortfall];
    }
    if (rule.type === "no-residual") {
      return [{ type: "zero", rule: rule.id, exclusion: "no residual", note: rule.description ?? `${contract.id} pays no residual for this use` }];
    }
    return this.rulesAt.get(rule)!;
  }

  private state(usage: Usage): TitleState {
    const ordinal = usage.title?.ordinal;
    let state = ordinal === undefined ? this.byId.get(usage.titleId) : this.byOrdinal[ordinal];
    if (state === undefined) {
      const title = usage.title ?? this.titles.get(usage.titleId);
      if (title === undefined) throw new Error(`title ${usage.titleId} is not in the catalogue`);
      state = { title, m0: undefined, m1: undefined, m2: undefined, m3: undefined, claimed: undefined, counters: undefined, latestStart: Number.MIN_SAFE_INTEGER };
      if (ordinal === undefined) this.byId.set(usage.titleId, state);
      else {
        // Grown densely, never with a gap, so the array keeps V8's fast elements.
        while (this.byOrdinal.length <= ordinal) this.byOrdinal.push(undefined);
        this.byOrdinal[ordinal] = state;
      }
    }
    return state;
  }
}

// Rates are few objects shared by every row of a rule: their note is written once.
const flatRateNotes = new WeakMap<Dec, string>();
function flatRateNote(rate: Dec): string {
  let note = flatRateNotes.get(rate);
  if (note === undefined) {
    note = `${formatPercent(rate)} of distributor's gross`;
    flatRateNotes.set(rate, note);
  }
  return note;
}

/**
 * The chronological order of a ledger: by period start, ties by input order. State only
 * depends on each title's own rows, so a ledger already in this order per title can be
 * streamed; this sort serves ledgers that are not.
 */
export function chronologicalOrder(rows: readonly Usage[]): Usage[] {
  return rows
    .map((usage, index) => ({ usage, index }))
    .sort((a, b) => a.usage.start - b.usage.start || a.index - b.index)
    .map(({ usage }) => usage);
}

/** Lines for a whole ledger under one contract, in input order (each row's lines together). */
export function calculateLedger(contract: Contract, titles: Catalogue, rows: readonly Usage[], cast?: CastList): Line[] {
  const calculator = new ContractCalculator(contract, titles, cast);
  const byRow = new Map<Usage, Line[]>();
  for (const usage of chronologicalOrder(rows)) byRow.set(usage, calculator.linesFor(usage));
  return rows.flatMap((usage) => byRow.get(usage)!);
}
