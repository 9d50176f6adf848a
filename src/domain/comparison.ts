import type { ExclusionKind } from "./lines.js";
import type { Totals } from "./totals.js";

/** What `compare` works out (pipeline/comparison.ts) and its renderers show. */

/** A rule that made a use pay nothing outright, whatever the amounts: what `compare` names. */
export interface Exclusion {
  readonly contract: string;
  readonly kind: ExclusionKind;
  /** Rule id; empty for "no rule" (the contract has no rule for that kind and medium). */
  readonly rule: string;
}

export const GROUPINGS = ["title", "medium", "year", "performer"] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** What a comparison keeps besides its groupings' totals. */
export interface ComparisonOptions {
  /** Count what the deciding rules cost (see pipeline/rule-costs.ts). */
  readonly costs?: boolean;
  /** By title, a worker sends only this many groups: those that differ most from the baseline. */
  readonly topTitles?: number;
}

/** One contract's figures in one group. */
export interface ComparisonCell {
  readonly contract: string;
  readonly totals: Totals;
  /** Against the baseline (the first contract), in cents; undefined for the baseline itself. */
  readonly difference?: bigint;
  /** Percent of the baseline in hundredths (1234n is 12.34%); undefined for the baseline and where the baseline is 0. */
  readonly percent?: bigint;
}

export interface ComparisonRow {
  /** Title id, medium, year or performer id (empty for title-level lines); undefined for the grand total. */
  readonly key?: string;
  /** By title or performer: the name in the titles or cast file, where it has one. */
  readonly name?: string;
  /** The group's first usage record (rows are listed by title in that order); undefined for the total. */
  readonly first?: number;
  readonly cells: readonly ComparisonCell[];
  /**
   * Where the group's amounts differ from the baseline's: the exclusions (cutoff, no residual,
   * budget threshold, no rule) that made some row pay differently under two of the contracts.
   */
  readonly decidingRules: readonly Exclusion[];
}

export interface Comparison {
  readonly by: Grouping;
  readonly contracts: readonly string[];
  readonly rows: readonly ComparisonRow[];
  readonly total: ComparisonRow;
}

/**
 * A comparison whose rows are made one at a time as they are read, once: a writer that takes
 * them in turn keeps none alive. With 100,000 groups, rows made all at once outlived the young
 * generation, and copying them took most of compare's time after the last usage row. A row may
 * come already written as a CSV line (UTF-8, newline included) by a parallel worker (CsvRows).
 */
export interface ComparisonStream extends Omit<Comparison, "rows"> {
  readonly rows: Iterable<ComparisonRow | Uint8Array>;
}

/**
 * A worker's own groups, already written as CSV rows, in the order of their first usage record.
 * By title, a group is one worker's (titles are dealt by id), so its row depends on that worker
 * alone: the workers write their rows side by side, and the main thread only interleaves them
 * by first record, instead of merging 100,000 groups' totals and writing every row itself.
 */
export interface CsvRows {
  readonly first: Int32Array;
  /** The rows' text, `lengths` bytes each. */
  readonly bytes: Uint8Array;
  readonly lengths: Int32Array;
}

/**
 * A comparison's groups as a worker holds them, enough to write their CSV rows (see CsvRows):
 * groups are numbers, listed in the order of their first usage record.
 */
export interface ComparisonGroups {
  orderedGroups(): number[];
  keyOf(group: number): string;
  /** By title, the title's name (from the titles file), where it has one. */
  nameOf(group: number): string | undefined;
  firstOf(group: number): number;
  /** The group's figures as plain numbers, where each is exact as one: false where not. */
  plainFigures(group: number, cents: Float64Array, incomplete: Float64Array, notModelled: Float64Array): boolean;
  groupRow(group: number): ComparisonRow;
  decidingRulesOf(group: number): Exclusion[];
}

/** "cutoff tv-produced-before-1974-no-streaming", or just the kind where there is no rule. */
export function describeExclusion(exclusion: Exclusion): string {
  return exclusion.rule ? `${exclusion.kind} ${exclusion.rule}` : exclusion.kind;
}
