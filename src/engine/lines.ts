import type { Dec } from "./money.js";
import type { Usage } from "./inputs.js";

export type LineStatus = "payable" | "zero" | "incomplete";

/** Why a rule paid nothing outright (as opposed to arithmetic: a window, a period already paid, no gross). */
export type ExclusionKind = "cutoff" | "no residual" | "budget threshold" | "no rule";
export type LineBasis = "distributor_gross" | "applicable_minimum" | "";

/** The part of a row's gross a line is computed on: `count` of its `of` days or units. */
export interface Part {
  readonly count: Dec;
  readonly of: Dec;
  readonly unit: "days" | "units";
}

/** A performer's share of a title-level pool, split by allocation units. */
export interface Share {
  readonly pool: Dec;
  readonly units: Dec;
  readonly totalUnits: Dec;
}

/**
 * One output line (io-formats.md, "payment lines"). `amount` is already rounded to cents.
 * Every field is always present (undefined where it does not apply), so all lines share one
 * shape; the explanation is derived from these fields on demand (explain.ts).
 */
export interface Line {
  readonly usage: Usage;
  readonly contract: string;
  readonly rule: string;
  readonly status: LineStatus;
  readonly basis: LineBasis;
  readonly base: Dec | undefined;
  readonly rate: Dec | undefined;
  readonly amount: Dec | undefined;
  readonly performerId: string | undefined;
  readonly note: string;
  /** Revenue lines: the row's whole gross, before proration. */
  readonly gross: Dec | undefined;
  readonly part: Part | undefined;
  readonly share: Share | undefined;
  /** Fixed lines: whose applicable minimum the base is. */
  readonly minimum: "tam" | "residual_base" | undefined;
  /** Zero lines a rule excluded outright, and how. */
  readonly exclusion: ExclusionKind | undefined;
}

/**
 * What a rule says about (part of) a usage row, before the cast and the rounding.
 * - `revenue`: `exact` = rate × attributed gross (`base`), unrounded.
 * - `fixed`: rate × an applicable minimum that the cast or the title supplies.
 * - `zero` / `incomplete`: nothing to pay or not enough data; `note` says why.
 */
export type Draft =
  | {
      readonly type: "revenue";
      readonly rule: string;
      readonly rate: Dec;
      readonly base: Dec;
      readonly exact: Dec;
      readonly note: string;
      readonly gross: Dec;
      readonly part: Part | undefined;
    }
  | {
      readonly type: "fixed";
      readonly rule: string;
      readonly rate: Dec;
      readonly note: string;
    }
  | {
      readonly type: "zero" | "incomplete";
      readonly rule: string;
      readonly note: string;
      readonly exclusion?: ExclusionKind;
    };
