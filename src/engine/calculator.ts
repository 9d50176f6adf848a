import { NO_LOOKUPS, type CastList, type Catalogue, type Lookups, type Title, type Usage } from "../domain/inputs.js";
import type { Draft, Line } from "../domain/lines.js";
import { budgetShortfall, exclusionDraft, profileNumber, profileOf, PROFILES, type Profile } from "./eligibility.js";
import { finishDrafts, TitleCast } from "./finish.js";
import { formatDay } from "../domain/days.js";
import type { Contract, RuleTerms } from "../domain/terms.js";
import { MEDIA, MEDIUM_LABELS, type Medium } from "../domain/vocabulary.js";
import type { AnyRuleKind } from "../rule-kinds/kind.js";
import { kindOf } from "../rule-kinds/registry.js";
import type { RuleState, StateShape } from "../rule-kinds/state.js";

/**
 * One rule's per-title state (see StateShape), for every title: `numbers` slots side by side
 * per title, and a value per title where the kind keeps one. Grown with the catalogue.
 */
class StateStore {
  numbers: Float64Array<ArrayBuffer>;
  values: unknown[] | undefined;

  constructor(
    readonly shape: StateShape,
    capacity: number,
  ) {
    this.numbers = new Float64Array(capacity * shape.numbers);
    this.values = shape.value ? new Array<unknown>(capacity).fill(undefined) : undefined;
  }

  grow(capacity: number): void {
    const numbers = new Float64Array(capacity * this.shape.numbers);
    numbers.set(this.numbers);
    this.numbers = numbers;
    if (this.values) while (this.values.length < capacity) this.values.push(undefined);
  }
}

/** A title's state under a rule as its kind sees it: one object, pointed at each row's title in turn. */
class TitleState implements RuleState {
  private numbers: Float64Array<ArrayBuffer> = new Float64Array(0);
  private base = 0;
  private values: unknown[] | undefined;
  private title = 0;

  at(store: StateStore, title: number): this {
    this.numbers = store.numbers;
    this.base = title * store.shape.numbers;
    this.values = store.values;
    this.title = title;
    return this;
  }

  number(index: number): number {
    return this.numbers[this.base + index]!;
  }

  setNumber(index: number, value: number): void {
    this.numbers[this.base + index] = value;
  }

  get value(): unknown {
    return this.values?.[this.title];
  }

  set value(value: unknown) {
    this.values![this.title] = value;
  }
}

/** A rule that computes rows, with its kind and its state (one store, or one per medium). */
interface RuleAt {
  readonly rule: RuleTerms;
  readonly kind: AnyRuleKind;
  readonly stores: readonly StateStore[] | undefined;
  readonly perMedium: boolean;
}

/** What one rule gives every row of a title on a medium: drafts that settle them, or the rule to compute each. */
type Step = readonly Draft[] | RuleAt;

function isSettled(step: Step): step is readonly Draft[] {
  return Array.isArray(step);
}

/** A title without cast records, as finishDrafts sees a title missing from the cast list. */
const NO_CAST = new TitleCast([]);

/** What the contract does with a title on a medium: its rules' steps, in file order. */
type Resolution = readonly Step[];

const MEDIUM_INDEX = Object.fromEntries(MEDIA.map((medium, index) => [medium, index])) as Record<Medium, number>;

/** No row of the title computed yet (below every real day). */
const NO_START = -(2 ** 31);

/**
 * Ints of the engine's own state per title (see ContractCalculator.state): the latest period
 * start, the title's cast code, then one resolution code per medium. Laid out from the
 * vocabulary, whatever its size.
 */
const LATEST = 0;
const CAST = 1;
const CODES = 2;
const STATE_INTS = CODES + MEDIA.length;

/** Cast codes, beside 0 (not looked up yet): no cast, else CAST_FIRST + the cast's index in `casts`. */
const CAST_NONE = 1;
const CAST_FIRST = 2;

/** A row given before an earlier-dated row of the same title: the state would be wrong. */
export class OutOfOrderError extends Error {
  constructor(readonly usage: Usage, latestStart: number) {
    super(`usage row ${usage.row} of ${usage.titleId} starts ${formatDay(usage.start)}, before a row already computed (${formatDay(latestStart)})`);
    this.name = "OutOfOrderError";
  }
}

/**
 * Applies one contract to usage rows. It keeps cumulative state per title (what each rule's
 * kind declares: fixed periods due, tier counters …), so each title's rows must be given in
 * chronological order: by period start, ties in input order; a row out of that order throws
 * OutOfOrderError. `calculateLedger` does the ordering for a whole ledger.
 *
 * Per-title state lives in arrays indexed by a dense title number (the catalogue ordinal where
 * the reader gives one): a row over a large catalogue reaches a few compact arrays rather than a
 * chain of objects spread over the heap, which is what a batch run's time went on.
 */
export class ContractCalculator {
  /** One RuleAt per rule that computes rows: titles resolving to the same rule share it. */
  private readonly rulesAt = new Map<RuleTerms, RuleAt>();
  /** Per rule of a kind whose drafts do not depend on the row: those drafts, made once. */
  private readonly settledBy = new Map<RuleTerms, readonly Draft[]>();
  private readonly stores: StateStore[] = [];
  private readonly view = new TitleState();
  /** Whether every catalogue title has an ordinal, so rows are numbered by it. */
  private readonly byOrdinal: boolean;
  /** Title numbers where titles have no ordinal (catalogues built in code), and their titles. */
  private readonly numbers = new Map<string, number>();
  private readonly numbered: Title[] = [];
  private capacity = 0;
  /**
   * Per title, STATE_INTS side by side (a row reads them all): the latest period start
   * computed (NO_START before any); its cast code (see CAST_NONE); then per medium, 0 until
   * resolved, else 1 + the index of its resolution in `resolutions`.
   */
  private state = new Int32Array(0);
  /**
   * The casts of the titles that have one, each made at its title's first row. A row finds its
   * title's by the cast code beside its other state, read with it: a title without a cast
   * (most, in a large catalogue) reads nothing more. A Map lookup by the row's id string (a
   * hash of a fresh string, a probe out of cache over a large cast) at every row once took a
   * tenth of a worker's time; an array of every title's cast, a read out of cache.
   */
  private readonly casts: TitleCast[] = [];
  private readonly resolutions: Resolution[] = [];
  /** Per profile (see Profile, by profileNumber): its terms, once seen. */
  private readonly profiles: (Profile | undefined)[] = new Array<Profile | undefined>(PROFILES).fill(undefined);
  /** Per rule with a budget threshold, by title number: a title's shortfall step, or null where it meets it (see shortfallStep). */
  private readonly shortfalls = new Map<RuleTerms, Map<number, Step | null>>();
  /** Per profile: the code of what it gives a title that no cutoff or threshold singles out (0: not yet known). */
  private readonly profileCodes = new Int32Array(PROFILES);

  constructor(
    readonly contract: Contract,
    private readonly titles: Catalogue,
    private readonly cast?: CastList,
    private readonly lookups: Lookups = NO_LOOKUPS,
  ) {
    let ordinals = true;
    for (const title of titles.values()) {
      if (title.ordinal === undefined) {
        ordinals = false;
        break;
      }
    }
    this.byOrdinal = ordinals;
    this.grow(ordinals ? titles.size : 16);
    for (const rule of contract.rules) {
      const kind = kindOf(rule.type);
      if (kind.settled) {
        this.settledBy.set(rule, kind.settled(rule, contract));
        continue;
      }
      const shape = kind.state?.(rule);
      const stateful = shape !== undefined && (shape.numbers > 0 || shape.value);
      const stores = stateful ? Array.from({ length: shape.perMedium ? MEDIA.length : 1 }, () => new StateStore(shape, this.capacity)) : undefined;
      if (stores) this.stores.push(...stores);
      this.rulesAt.set(rule, { rule, kind, stores, perMedium: shape?.perMedium === true });
    }
  }

  linesFor(usage: Usage): Line[] {
    const number = this.numberOf(usage);
    const latest = this.state[number * STATE_INTS + LATEST]!;
    if (usage.start < latest) throw new OutOfOrderError(usage, latest);
    this.state[number * STATE_INTS + LATEST] = usage.start;
    const title = usage.title ?? this.titleOf(usage.titleId, number);
    const drafts = this.drafts(number, title, usage);
    return finishDrafts(drafts, usage, this.contract, title, this.castOf(number, usage.titleId));
  }

  /** The cast of a row's title, by its number: looked up by id at the title's first row only. */
  private castOf(number: number, titleId: string): TitleCast {
    const at = number * STATE_INTS + CAST;
    const code = this.state[at]!;
    if (code >= CAST_FIRST) return this.casts[code - CAST_FIRST]!;
    if (code === CAST_NONE) return NO_CAST;
    const records = this.cast?.get(titleId);
    if (records === undefined) {
      this.state[at] = CAST_NONE;
      return NO_CAST;
    }
    const cast = new TitleCast(records);
    this.state[at] = CAST_FIRST + this.casts.push(cast) - 1;
    return cast;
  }

  private drafts(number: number, title: Title, usage: Usage): readonly Draft[] {
    const steps = this.resolve(number, title, usage.medium);
    // Most uses have one rule: its drafts are the row's.
    if (steps.length === 1) return this.stepDrafts(steps[0]!, number, title, usage);
    const drafts: Draft[] = [];
    for (const step of steps) for (const draft of this.stepDrafts(step, number, title, usage)) drafts.push(draft);
    return drafts;
  }

  private stepDrafts(step: Step, number: number, title: Title, usage: Usage): readonly Draft[] {
    if (isSettled(step)) return step;
    const { rule, kind, stores } = step;
    const store = stores === undefined ? undefined : stores[step.perMedium ? MEDIUM_INDEX[usage.medium] : 0]!;
    return kind.compute!(rule, title, usage, store === undefined ? this.view : this.view.at(store, number), this.lookups);
  }

  /** What the contract does with this title on this medium: worked out once per pair, not per row. */
  private resolve(number: number, title: Title, medium: Medium): Resolution {
    const at = number * STATE_INTS + CODES + MEDIUM_INDEX[medium];
    let code = this.state[at]!;
    if (code === 0) {
      code = this.resolutionCode(number, title, medium);
      this.state[at] = code;
    }
    return this.resolutions[code - 1]!;
  }

  /**
   * The code (1 + its index in `resolutions`) of what the contract does with a title on a
   * medium. The title's profile decides it (see Profile), once per profile, except where a
   * cutoff or a budget threshold singles the title out: those drafts name the title's figures.
   */
  private resolutionCode(titleNumber: number, title: Title, medium: Medium): number {
    const number = profileNumber(title, medium);
    const profile = (this.profiles[number] ??= profileOf(this.contract, title, medium));
    const excluded = exclusionDraft(this.contract, profile, title);
    if (excluded) {
      const steps: Step[] = [];
      steps.push([excluded]);
      return this.resolutions.push(steps);
    }
    let singled: Step[] | undefined;
    const offset = profile.covered ? 0 : 1;
    profile.rules.forEach((rule, index) => {
      const shortfall = rule.budgetThreshold && this.shortfallStep(rule, titleNumber, title);
      if (shortfall) (singled ??= this.profileSteps(profile, title, medium))[index + offset] = shortfall;
    });
    if (singled) return this.resolutions.push(singled);
    if (this.profileCodes[number] === 0) this.profileCodes[number] = this.resolutions.push(this.profileSteps(profile, title, medium));
    return this.profileCodes[number]!;
  }

  /**
   * The step of a title below a rule's budget threshold (its shortfall, naming the title's
   * figures), or undefined where the title meets it. Worked out once per title and rule: it
   * does not depend on the medium, and a rule covers several.
   */
  private shortfallStep(rule: RuleTerms, number: number, title: Title): Step | undefined {
    let byTitle = this.shortfalls.get(rule);
    if (byTitle === undefined) this.shortfalls.set(rule, (byTitle = new Map()));
    let step = byTitle.get(number);
    if (step === undefined) {
      const shortfall = budgetShortfall(rule, rule.budgetThreshold!, title);
      step = shortfall ? [shortfall] : null;
      byTitle.set(number, step);
    }
    return step ?? undefined;
  }

  /** The steps of a profile's rules for any of its titles; first, where no rule pays in place of others, that none does. */
  private profileSteps(profile: Profile, title: Title, medium: Medium): Step[] {
    // Filled by push, as every resolution is: the row path reads them all alike.
    const steps: Step[] = [];
    if (!profile.covered) {
      const contract = this.contract;
      steps.push([{ type: "zero", rule: "", exclusion: "no rule", note: `${contract.id} has no rule for ${title.kind} on ${MEDIUM_LABELS[medium]}` }]);
    }
    for (const rule of profile.rules) steps.push(this.settledBy.get(rule) ?? this.rulesAt.get(rule)!);
    return steps;
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

  private grow(capacity: number): void {
    const state = new Int32Array(capacity * STATE_INTS);
    state.set(this.state);
    for (let number = this.capacity; number < capacity; number++) state[number * STATE_INTS + LATEST] = NO_START;
    this.state = state;
    for (const store of this.stores) store.grow(capacity);
    this.capacity = capacity;
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
export function calculateLedger(contract: Contract, titles: Catalogue, rows: readonly Usage[], cast?: CastList, lookups?: Lookups): Line[] {
  const calculator = new ContractCalculator(contract, titles, cast, lookups);
  const byRow = new Map<Usage, Line[]>();
  for (const usage of chronologicalOrder(rows)) byRow.set(usage, calculator.linesFor(usage));
  return rows.flatMap((usage) => byRow.get(usage)!);
}
