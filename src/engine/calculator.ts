import { Dec, formatPercent, formatMoney } from "./money.js";
import type { CastList, Catalogue, Title, Usage } from "./inputs.js";
import type { Draft, Line } from "./lines.js";
import { budgetShortfall, cutoffDraft, excludingCutoff, payingRule } from "./eligibility.js";
import { finishDrafts } from "./finish.js";
import { tieredDrafts, type TierCounters } from "./tiers.js";
import { valueOn, type Contract } from "./terms.js";
import { zonedStreamingDrafts, type FixedPeriodsClaimed } from "./zones.js";
import { MEDIUM_LABELS } from "./vocabulary.js";

/** What a title has accumulated so far under one contract. */
interface TitleState {
  readonly claimed: FixedPeriodsClaimed;
  readonly counters: TierCounters;
}

/**
 * Applies one contract to usage rows. It keeps cumulative state per title (fixed periods paid,
 * tier counters), so each title's rows must be given in chronological order: by period start,
 * ties in input order. `calculateLedger` does that ordering for a whole ledger.
 */
export class ContractCalculator {
  private readonly states = new Map<string, TitleState>();

  constructor(
    readonly contract: Contract,
    private readonly titles: Catalogue,
    private readonly cast?: CastList,
  ) {}

  linesFor(usage: Usage): Line[] {
    const title = this.titles.get(usage.titleId);
    if (title === undefined) throw new Error(`title ${usage.titleId} is not in the catalogue`);
    const drafts = this.drafts(title, usage);
    return finishDrafts(drafts, usage, this.contract, title, this.cast?.get(title.id));
  }

  private drafts(title: Title, usage: Usage): Draft[] {
    const contract = this.contract;
    const cutoff = excludingCutoff(contract, title, usage.medium);
    if (cutoff) return [cutoffDraft(contract, cutoff, title)];

    const rule = payingRule(contract, title, usage.medium);
    if (rule === undefined) {
      return [{ type: "zero", rule: "", note: `${contract.id} has no rule for ${title.kind} on ${MEDIUM_LABELS[usage.medium]}` }];
    }
    if (rule.budgetThreshold) {
      const shortfall = budgetShortfall(rule, rule.budgetThreshold, title);
      if (shortfall) return [shortfall];
    }
    switch (rule.type) {
      case "no-residual":
        return [{ type: "zero", rule: rule.id, note: rule.description ?? `${contract.id} pays no residual for this use` }];
      case "zoned-streaming":
        return zonedStreamingDrafts(rule, title, usage, this.state(title.id).claimed);
      case "revenue": {
        if (rule.tiers) return tieredDrafts(rule, usage, this.state(title.id).counters);
        const rate = valueOn(rule.rate!, usage.start).value;
        return [
          {
            type: "revenue",
            rule: rule.id,
            rate,
            base: usage.gross,
            exact: rate.times(usage.gross),
            note: `${formatPercent(rate)} of distributor's gross`,
            arithmetic: `${formatPercent(rate)} × distributor's gross ${formatMoney(usage.gross)}`,
          },
        ];
      }
    }
  }

  private state(titleId: string): TitleState {
    let state = this.states.get(titleId);
    if (state === undefined) {
      state = { claimed: new Map(), counters: new Map<string, Dec>() };
      this.states.set(titleId, state);
    }
    return state;
  }
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
