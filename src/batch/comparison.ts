import { formatDay } from "../engine/days.js";
import type { Usage } from "../engine/inputs.js";
import type { Line } from "../engine/lines.js";
import { Dec } from "../engine/money.js";
import type { Contract } from "../engine/terms.js";
import { MEDIA } from "../engine/vocabulary.js";
import type { Rejection } from "../io/table.js";
import { exclusionOf, type Exclusion } from "./exclusions.js";
import type { LedgerSink } from "./ledger.js";
import { LineTotals } from "./totals.js";
import type { TotalsData } from "./parallel/protocol.js";

export const GROUPINGS = ["title", "medium", "year"] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** One contract's figures in one group. */
export interface ComparisonCell {
  readonly contract: string;
  readonly totals: LineTotals;
  /** Against the baseline (the first contract), in cents; undefined for the baseline itself. */
  readonly difference?: bigint;
  /** Percent of the baseline, 2 decimals; undefined for the baseline and where the baseline is 0. */
  readonly percent?: Dec;
}

export interface ComparisonRow {
  /** Title id, medium or year; undefined for the grand total. */
  readonly key?: string;
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

interface DecidingEntry {
  readonly index: number;
  readonly exclusion: Exclusion;
  /** The first usage record where it decided something: entries are listed in that order. */
  readonly first: number;
}

interface GroupState {
  /** The first usage record of the group: groups by title are listed in that order. */
  readonly first: number;
  readonly totals: LineTotals[];
  /** Exclusions that decided a row's amount, keyed by contract index, kind and rule. */
  readonly deciding: Map<string, DecidingEntry>;
}

/** A sink's state as plain data, so parallel workers' shares of the ledger can be merged. */
export interface ComparisonSnapshot {
  readonly contractTotals: TotalsData[];
  readonly groups: { key: string; first: number; totals: TotalsData[]; deciding: [string, DecidingEntry][] }[];
}

/**
 * Totals of several contracts side by side, from one pass over the ledger (runLedger with every
 * contract). Totals are sums of the rounded lines, exactly as `calc` sums them.
 */
export class ComparisonSink implements LedgerSink {
  /** Totals are sums and groups keep the first record they saw: the order rows come in does not matter. */
  readonly orderFree = true;
  rejections: Rejection[] = [];
  contractTotals: LineTotals[] = [];
  private groups = new Map<string, GroupState>();

  constructor(
    private readonly contracts: readonly Contract[],
    private readonly by: Grouping,
  ) {
    this.restart();
  }

  row(usage: Usage, linesPerContract: readonly Line[][]): void {
    const group = this.group(groupKey(usage, this.by), usage.row);
    const amounts: bigint[] = [];
    let excluding = false;
    linesPerContract.forEach((lines, index) => {
      let amount = 0n;
      for (const line of lines) {
        group.totals[index]!.add(line);
        this.contractTotals[index]!.add(line);
        if (line.status === "payable") amount += line.amount!;
        if (line.exclusion !== undefined) excluding = true;
      }
      amounts.push(amount);
    });
    // Only a row where some rule excluded a use can name a deciding rule (most rows: none).
    if (excluding) noteDecidingRules(group, amounts, this.exclusionsOf(linesPerContract), usage.row);
  }

  private exclusionsOf(linesPerContract: readonly Line[][]): Map<string, Exclusion>[] {
    return linesPerContract.map((lines, index) => {
      const excluded = new Map<string, Exclusion>();
      for (const line of lines) {
        const exclusion = exclusionOf(this.contracts[index]!, line);
        if (exclusion) excluded.set(`${exclusion.kind} ${exclusion.rule}`, exclusion);
      }
      return excluded;
    });
  }

  snapshot(): ComparisonSnapshot {
    return {
      contractTotals: this.contractTotals.map((totals) => totals.toData()),
      groups: [...this.groups].map(([key, group]) => ({
        key,
        first: group.first,
        totals: group.totals.map((totals) => totals.toData()),
        deciding: [...group.deciding],
      })),
    };
  }

  /** Adds a worker's share of the ledger (each share covers other usage records). */
  merge(snapshot: ComparisonSnapshot): void {
    snapshot.contractTotals.forEach((data, index) => this.contractTotals[index]!.merge(data));
    for (const part of snapshot.groups) {
      const group = this.group(part.key, part.first);
      part.totals.forEach((data, index) => group.totals[index]!.merge(data));
      for (const [key, entry] of part.deciding) {
        const known = group.deciding.get(key);
        if (known === undefined || entry.first < known.first) group.deciding.set(key, entry);
      }
    }
  }

  reject(rejection: Rejection): void {
    this.rejections.push(rejection);
  }

  restart(): void {
    this.rejections = [];
    this.contractTotals = this.contracts.map(() => new LineTotals());
    this.groups = new Map();
  }

  result(): Comparison {
    // By title, groups keep ledger order: the order of their first usage record.
    const keys = [...this.groups.entries()].sort(([, a], [, b]) => a.first - b.first).map(([key]) => key);
    if (this.by === "medium") keys.sort((a, b) => MEDIA.indexOf(a as never) - MEDIA.indexOf(b as never));
    if (this.by === "year") keys.sort();
    const rows = keys.map((key) => {
      const group = this.groups.get(key)!;
      const cells = compareCells(this.contracts, group.totals);
      const differs = cells.some((cell) => cell.difference !== undefined && cell.difference !== 0n);
      const deciding = differs
        ? [...group.deciding.values()].sort((a, b) => a.index - b.index || a.first - b.first).map((entry) => entry.exclusion)
        : [];
      return { key, cells, decidingRules: deciding };
    });
    return {
      by: this.by,
      contracts: this.contracts.map((contract) => contract.id),
      rows,
      total: { cells: compareCells(this.contracts, this.contractTotals), decidingRules: [] },
    };
  }

  private group(key: string, first: number): GroupState {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { first, totals: this.contracts.map(() => new LineTotals()), deciding: new Map() };
      this.groups.set(key, group);
    } else if (first < group.first) {
      group = { ...group, first };
      this.groups.set(key, group);
    }
    return group;
  }
}

function groupKey(usage: Usage, by: Grouping): string {
  if (by === "title") return usage.titleId;
  if (by === "medium") return usage.medium;
  return formatDay(usage.start).slice(0, 4);
}

function compareCells(contracts: readonly Contract[], totals: readonly LineTotals[]): ComparisonCell[] {
  const baseline = totals[0]!.amount;
  return contracts.map((contract, index) => {
    const own = totals[index]!;
    if (index === 0) return { contract: contract.id, totals: own };
    const difference = own.amount - baseline;
    // The one division: in Decs, once per group (cents over cents is the same ratio).
    const percent = baseline === 0n ? undefined : new Dec(difference.toString()).times(100).dividedBy(baseline.toString()).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    return { contract: contract.id, totals: own, difference, ...(percent === undefined ? {} : { percent }) };
  });
}

/**
 * Where two contracts pay a row differently, an exclusion that fired in one of them and not in
 * the other decided the difference (e.g. the offer's 1974 cutoff against the scenario's library
 * rate). Rows both contracts pay alike decide nothing, whatever rules produced them.
 */
function noteDecidingRules(group: GroupState, amounts: readonly bigint[], exclusions: readonly Map<string, Exclusion>[], row: number): void {
  for (let i = 0; i < amounts.length; i++) {
    for (let j = i + 1; j < amounts.length; j++) {
      if (amounts[i] === amounts[j]) continue;
      for (const [index, other] of [[i, j], [j, i]] as const) {
        for (const [key, exclusion] of exclusions[index]!) {
          const entryKey = `${index} ${key}`;
          if (exclusions[other]!.has(key)) continue;
          // The earliest record wins, whatever order rows come in.
          const known = group.deciding.get(entryKey);
          if (known === undefined || row < known.first) group.deciding.set(entryKey, { index, exclusion, first: row });
        }
      }
    }
  }
}
