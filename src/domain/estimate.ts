import type { Dec } from "../money/decimal.js";
import type { Usage } from "./inputs.js";
import type { Line } from "./lines.js";
import type { Contract } from "./terms.js";

/** What `estimate` works out for one actor (pipeline/estimate.ts) and its renderers show. */

/** The contract a usage period falls under, as `estimate` chose it. */
export interface InForce {
  readonly contract: Contract;
  /** The day is after the contract's term: it stays in force because no successor has started. */
  readonly pastItsTerm: boolean;
  /** The day is after the term of the last contract of the guild the library holds: its terms may be out of date. */
  readonly pastLibrary: boolean;
}

/** The actor's part of a title-level pool: `mine ÷ of` (a fraction is `0.25 ÷ 1`). */
export interface PoolShare {
  readonly mine: Dec;
  readonly of: Dec;
}

export interface ActorSide {
  /** The performer's total applicable minimum, for the fixed residuals of TAM contracts. */
  readonly tam?: Dec;
  /** Undefined: pooled amounts are counted whole. */
  readonly share?: PoolShare;
}

/** One engine line as the actor sees it. */
export interface EstimateItem {
  readonly line: Line;
  /**
   * `own`: the performer's own fixed residual (rate × TAM); `pool`: a title-level amount the actor
   * shares; `none`: nothing computed (a rule says nothing is due, or data is missing).
   */
  readonly kind: "own" | "pool" | "none";
  /** The title-level amount before the actor's share (pool lines with an amount), in cents. */
  readonly pool?: bigint;
  /** What the actor gets from the line, in cents; undefined when the line is incomplete. */
  readonly yours?: bigint;
}

export interface EstimatePeriod {
  readonly usage: Usage;
  readonly contract: Contract;
  readonly items: readonly EstimateItem[];
  /** No distributor's gross was given for the period: its percentages of gross are incomplete, not 0.00. */
  readonly grossMissing: boolean;
}

export interface Estimate {
  readonly periods: readonly EstimatePeriod[];
  /** What the person is owed, in cents: `own` plus their share of `pool` (the whole pool when no share is given). */
  readonly total: bigint;
  /** The title-level amounts the cast shares (percentages of gross, bonuses, residual-base amounts), before any share, in cents. */
  readonly pool: bigint;
  /** The person's own amounts (fixed residuals on their TAM), in cents. */
  readonly own: bigint;
  readonly incomplete: number;
  /** Lines whose terms are not public (never counted in the total). */
  readonly notModelled: number;
  /** No share was given and some percentage of gross (or bonus) is a pool: counted whole, or incomplete for want of the gross. */
  readonly poolsCountedWhole: boolean;
}

