import { decOf, type Scaled } from "../money/scaled.js";
import type { Dec } from "../money/decimal.js";
import type { Usage } from "./inputs.js";

/**
 * `payable` (amount > 0), `zero` (a rule says nothing is due), `incomplete` (data is missing),
 * `not-modelled` (the contract pays for the use but its terms are not public) and `adjustment`
 * (a correction's amount, negative). Lines without an amount (incomplete, not-modelled) are never
 * in a total.
 */
export type LineStatus = "payable" | "zero" | "incomplete" | "not-modelled" | "adjustment";

/** Whether a line has no amount: its data is missing, or its terms are not public. */
export function isUncomputed(status: LineStatus): boolean {
  return status === "incomplete" || status === "not-modelled";
}

/** Whether a line's amount counts in totals (payable amounts and corrections). */
export function isCounted(status: LineStatus): boolean {
  return status === "payable" || status === "adjustment";
}

/** Why a rule paid nothing outright (as opposed to arithmetic: a window, a period already paid, no gross). */
export type ExclusionKind = "cutoff" | "no residual" | "budget threshold" | "no rule";
export type LineBasis = "distributor_gross" | "applicable_minimum" | "";

/** The part of a row's gross a line is computed on: `count` of its `of` days or units (whole numbers, of > 0). */
export interface Part {
  readonly count: number;
  readonly of: number;
  readonly unit: "days" | "units";
}

/** A performer's share of a title-level pool (in cents), split by allocation units. */
export interface Share {
  readonly pool: bigint;
  readonly units: Dec;
  readonly totalUnits: Dec;
}

/**
 * One output line (docs/io-formats.md, "payment lines"). `amount` is in cents, already rounded.
 * Every field is always present (undefined where it does not apply), so all lines share one
 * shape; the explanation is derived from these fields on demand (explain.ts).
 */
export interface Line {
  readonly usage: Usage;
  readonly contract: string;
  readonly rule: string;
  readonly status: LineStatus;
  readonly basis: LineBasis;
  /** Fixed lines: the applicable minimum the rate applies to (their base). */
  readonly applicableMinimum: Dec | undefined;
  readonly rate: Dec | undefined;
  readonly amount: bigint | undefined;
  readonly performerId: string | undefined;
  readonly note: string;
  /**
   * The rule's own note, before what this line adds to it (why its amount is zero, why a pool
   * stays with the title): `note` itself for most lines.
   */
  readonly ruleNote: string;
  /** Revenue lines: the gross the line is computed on, before proration (the row's, or a money tier's part of it). */
  readonly gross: Scaled | undefined;
  readonly part: Part | undefined;
  readonly share: Share | undefined;
  /** Fixed lines: whose applicable minimum it is. */
  readonly minimum: "tam" | "residual_base" | undefined;
  /** Zero lines a rule excluded outright, and how (the rule is `rule`). */
  readonly exclusion: ExclusionKind | undefined;
  /** Incomplete lines: the input field whose value is missing (e.g. `first_aired_on`, `tam`). */
  readonly missing: string | undefined;
}

/**
 * The amount a line's rate applies to, exactly, as a decimal.js value (gross × count ÷ of to
 * 40 digits, multiplied before dividing), for display (the estimate page) and as the reference
 * the tests hold the program's own base (money/prorate, rounded once to 6 decimals) and amounts
 * to. The output files' base column is money/prorate's.
 */
export function baseOf(line: Line): Dec | undefined {
  if (line.gross === undefined) return line.applicableMinimum;
  const gross = decOf(line.gross);
  return line.part === undefined ? gross : gross.times(line.part.count).dividedBy(line.part.of);
}

/**
 * What a rule says about (part of) a usage row, before the cast and the rounding.
 * - `revenue`: rate × `gross` (× `part`), rounded to cents when the line is finished.
 * - `fixed`: rate × an applicable minimum that the cast or the title supplies.
 * - `amount`: a fixed amount in cents (a bonus), a title pool like every other.
 * - `zero` / `incomplete` / `not-modelled`: nothing to pay, not enough data, or terms that are
 *   not public; `note` says why.
 */
export type Draft =
  | {
      readonly type: "revenue";
      readonly rule: string;
      readonly rate: Dec;
      readonly note: string;
      readonly gross: Scaled;
      readonly part: Part | undefined;
    }
  | {
      readonly type: "fixed";
      readonly rule: string;
      readonly rate: Dec;
      readonly note: string;
    }
  | {
      readonly type: "amount";
      readonly rule: string;
      readonly cents: bigint;
      readonly note: string;
    }
  | {
      readonly type: "zero" | "incomplete" | "not-modelled";
      readonly rule: string;
      readonly note: string;
      readonly exclusion?: ExclusionKind;
      /** `incomplete`: the input field whose value is missing, as the files name it. */
      readonly missing?: string;
    };
