import { ZERO_SCALED } from "../money/scaled.js";
import { formatPercent, type Dec } from "../money/decimal.js";
import type { CastList, Catalogue, Title, Usage } from "../domain/inputs.js";
import type { Draft, Line } from "../domain/lines.js";
import { budgetShortfall, cutoffDraft, excludingCutoff, profileNumber, profileOf, PROFILES, type Profile } from "./eligibility.js";
import { finishDrafts } from "./finish.js";
import { formatDay } from "../domain/days.js";
import { tieredDrafts, type TierCounter } from "../rule-kinds/revenue/tiers.js";
import { valueOn, type Contract, type PayingRule, type RevenueRule, type ZonedStreamingRule } from "../domain/terms.js";
import { zonedStreamingDrafts, type FixedPeriodsClaimed } from "../rule-kinds/zoned-streaming/zones.js";
import { MEDIA, MEDIUM_LABELS, type Medium } from "../domain/vocabulary.js";

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
const MEDIA_COUNT = MEDIA.length;

/** No row of the title computed yet (below every real day). */
const NO_START = -(2 ** 31);

/**
 * Bytes of state per title (see ContractCalculator.state), one cache line: as ints, the latest
 * period start, then one resolution code per medium; as doubles, from UNITS on, the units
 * counted so far per medium (a unit-tiered rule's counter: a title's rule on a medium never
 * changes, so the medium tells whose counter it is).
 */
const STATE_BYTES = 64;
const STATE_INTS = STATE_BYTES / 4;
const STATE_DOUBLES = STATE_BYTES / 8;
const LATEST = 0;
const CODES = 1;
const UNITS = Math.ceil(((CODES + MEDIA_COUNT) * 4) / 8);
if ((UNITS + MEDIA_COUNT) * 8 > STATE_BYTES) throw new Error("a title's state does not fit its bytes");

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
 *
 * Per-title state lives in arrays indexed by a dense title number (the catalogue ordinal where
 * the reader gives one): a row over a large catalogue reaches a few compact arrays rather than a
 * chain of objects spread over the heap, which is what a batch run's time went on.
 */
export class ContractCalculator {
  /** One shared RuleAt per paying rule: titles resolving to the same rule share it. */
  private readonly rulesAt = new Map<RevenueRule | ZonedStreamingRule, RuleAt>();
  /** Whether every catalogue title has an ordinal, so rows are numbered by it. */
  private readonly byOrdinal: boolean;
  /** Title numbers where titles have no ordinal (catalogues built in code), and their titles. */
  private readonly numbers = new Map<string, number>();
  private readonly numbered: Title[] = [];
  private capacity = 0;
  /**
   * Per title, STATE_BYTES side by side (a row reads them all, so one cache line, not several
   * arrays far apart): the latest period start computed (NO_START before any); then per medium,
   * 0 until resolved, else 1 + the index of its resolution in `resolutions`; then (as doubles)
   * the units counted per medium.
   */
  private state = new Int32Array(0);
  /** The same memory as doubles (units counters). */
  private stateDoubles = new Float64Array(0);
  /** What tieredDrafts counts in, for a unit-tiered row: loaded from and stored back to the state. */
  private readonly unitCounter: TierCounter = { units: 0, gross: ZERO_SCALED };
  private readonly resolutions: Resolution[] = [];
  /** Per profile (see Profile, by profileNumber): its terms, once seen. */
  private readonly profiles: (Profile | undefined)[] = new Array<Profile | undefined>(PROFILES).fill(undefined);
  /** Per profile: the code of what it gives a title that no cutoff or threshold singles out (0: not yet known). */
  private readonly profileCodes = new Int32Array(PROFILES);
  /** Per rule slot, per title: the fixed periods already claimed (zoned streaming rules). */
  private readonly claimed: (FixedPeriodsClaimed | undefined)[][] = [];
  /** Per rule slot and medium, per title: the tier counter (rules tiered by cumulative gross). */
  private readonly counters: (TierCounter | undefined)[][] = [];

  constructor(
    readonly contract: Contract,
    private readonly titles: Catalogue,
    private readonly cast?: CastList,
  ) {
    contract.rules.forEach((rule, slot) => {
      if (rule.type !== "no-residual") this.rulesAt.set(rule, { rule, slot });
    });
    let ordinals = true;
    for (const title of titles.values()) {
      if (title.ordinal === undefined) {
        ordinals = false;
        break;
      }
    }
    this.byOrdinal = ordinals;
    this.grow(ordinals ? titles.size : 16);
  }

  linesFor(usage: Usage): Line[] {
    const number = this.numberOf(usage);
    const latest = this.state[number * STATE_INTS + LATEST]!;
    if (usage.start < latest) throw new OutOfOrderError(usage, latest);
    this.state[number * STATE_INTS + LATEST] = usage.start;
    const title = usage.title ?? this.titleOf(usage.titleId, number);
    const drafts = this.drafts(number, title, usage);
    return finishDrafts(drafts, usage, this.contract, title, this.cast?.get(usage.titleId));
  }

  private drafts(number: number, title: Title, usage: Usage): Draft[] {
    const resolved = this.resolve(number, title, usage.medium);
    if (isSettled(resolved)) return resolved as Draft[];
    const { rule, slot } = resolved;
    if (rule.type === "zoned-streaming") {
      const claimed = ((this.claimed[slot] ??= this.perTitle())[number] ??= []);
      return zonedStreamingDrafts(rule, title, usage, claimed);
    }
    if (rule.tiers?.counter === "units") {
      const at = number * STATE_DOUBLES + UNITS + MEDIUM_INDEX[usage.medium];
      const counter = this.unitCounter;
      counter.units = this.stateDoubles[at]!;
      const drafts = tieredDrafts(rule, usage, counter);
      this.stateDoubles[at] = counter.units;
      return drafts;
    }
    if (rule.tiers) {
      const counterSlot = slot * MEDIA_COUNT + MEDIUM_INDEX[usage.medium];
      const counter = ((this.counters[counterSlot] ??= this.perTitle())[number] ??= { units: 0, gross: ZERO_SCALED });
      return tieredDrafts(rule, usage, counter);
    }
    const rate = valueOn(rule.rate!, usage.start).value;
    return [
      {
        type: "revenue",
        rule: rule.id,
        rate,
        note: flatRateNote(rate),
        gross: usage.gross,
        part: undefined,
      },
    ];
  }

  /** What the contract does with this title on this medium: worked out once per pair, not per row. */
  private resolve(number: number, title: Title, medium: Medium): Resolution {
    const at = number * STATE_INTS + CODES + MEDIUM_INDEX[medium];
    let code = this.state[at]!;
    if (code === 0) {
      code = this.resolutionCode(title, medium);
      this.state[at] = code;
    }
    return this.resolutions[code - 1]!;
  }

  /**
   * The code (1 + its index in `resolutions`) of what the contract does with a title on a
   * medium. The title's profile decides it (see Profile), once per profile, except where a
   * cutoff or a budget threshold singles the title out: those drafts name the title's figures.
   */
  private resolutionCode(title: Title, medium: Medium): number {
    const number = profileNumber(title, medium);
    const profile = (this.profiles[number] ??= profileOf(this.contract, title, medium));
    const cutoff = excludingCutoff(profile, title);
    if (cutoff) return this.resolutions.push([cutoffDraft(this.contract, cutoff, title)]);
    const rule = profile.rule;
    if (rule?.budgetThreshold) {
      const shortfall = budgetShortfall(rule, rule.budgetThreshold, title);
      if (shortfall) return this.resolutions.push([shortfall]);
    }
    if (this.profileCodes[number] === 0) this.profileCodes[number] = this.resolutions.push(this.profileResolution(profile.rule, title, medium));
    return this.profileCodes[number]!;
  }

  /** What the paying rule of a profile gives any of its titles: nothing (no rule, no residual), or the rule to compute. */
  private profileResolution(rule: PayingRule | undefined, title: Title, medium: Medium): Resolution {
    const contract = this.contract;
    if (rule === undefined) {
      return [{ type: "zero", rule: "", exclusion: "no rule", note: `${contract.id} has no rule for ${title.kind} on ${MEDIUM_LABELS[medium]}` }];
    }
    if (rule.type === "no-residual") {
      return [{ type: "zero", rule: rule.id, exclusion: "no residual", note: rule.description ?? `${contract.id} pays no residual for this use` }];
    }
    return this.rulesAt.get(rule)!;
  }

  /** The dense number of a row's title (its catalogue ordinal where titles have one). */
  private numberOf(usage: Usage): number {
    let number = this.byOrdinal ? (usage.ordinal ?? usage.title?.ordinal) : undefined;
    if (number === undefined) {
      const title = this.titles.get(usage.titleId);
      if (title === undefined) throw new Error(`title ${usage.titleId} is not in the catalogue`);
      if (this.byOrdinal) number = title.ordinal!;
      else {
        number = this.numbers.get(usage.titleId);
        if (number === undefined) {
          number = this.numbered.push(title) - 1;
          this.numbers.set(usage.titleId, number);
        }
      }
    }
    if (number >= this.capacity) this.grow(Math.max(number + 1, this.capacity * 2));
    return number;
  }

  private titleOf(titleId: string, number: number): Title {
    return this.byOrdinal ? this.titles.get(titleId)! : this.numbered[number]!;
  }

  /** An array with a slot for every title, filled so V8 keeps it in fast (not dictionary) mode. */
  private perTitle<T>(): (T | undefined)[] {
    return new Array<T | undefined>(this.capacity).fill(undefined);
  }

  private grow(capacity: number): void {
    const memory = new ArrayBuffer(capacity * STATE_BYTES);
    new Uint8Array(memory).set(new Uint8Array(this.state.buffer));
    const state = new Int32Array(memory);
    for (let number = this.capacity; number < capacity; number++) state[number * STATE_INTS + LATEST] = NO_START;
    this.state = state;
    this.stateDoubles = new Float64Array(memory);
    for (const perTitle of [...this.claimed, ...this.counters]) {
      if (perTitle !== undefined) while (perTitle.length < capacity) perTitle.push(undefined);
    }
    this.capacity = capacity;
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
