import type { Dec } from "./money.js";
import type { Usage } from "./inputs.js";

export type LineStatus = "payable" | "zero" | "incomplete";
export type LineBasis = "distributor_gross" | "applicable_minimum" | "";

/** One output line (io-formats.md, "payment lines"). `amount` is already rounded to cents. */
export interface Line {
  readonly usage: Usage;
  readonly contract: string;
  readonly rule: string;
  readonly status: LineStatus;
  readonly basis: LineBasis;
  readonly base?: Dec;
  readonly rate?: Dec;
  readonly amount?: Dec;
  readonly performerId?: string;
  readonly note: string;
  readonly explanation: string;
}

/**
 * What a rule says about (part of) a usage row, before the cast and the rounding.
 * - `revenue`: `exact` = rate × attributed gross, unrounded.
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
      /** The arithmetic up to the result, e.g. "6% × distributor's gross 10,000.00". */
      readonly arithmetic: string;
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
    };
