import type { ComparisonOptions, CsvRows, Grouping } from "../domain/comparison.js";
import type { CastList, Usage } from "../domain/inputs.js";
import type { Line } from "../domain/lines.js";
import type { Contract } from "../domain/terms.js";
import { ComparisonSink, type ComparisonSnapshot } from "./comparison.js";
import type { LedgerSink } from "./ledger.js";
import { RuleCosts, type RuleCostsData } from "./rule-costs.js";
import type { LineTotals } from "./totals.js";

/** A ComparisonSet's state as data: each grouping's snapshot, and the rule costs. */
export interface ComparisonSetSnapshot {
  readonly parts: ComparisonSnapshot[];
  readonly costs?: RuleCostsData;
}

/**
 * One pass over the ledger grouped several ways at once (a report shows totals by title, year
 * and medium; a workbook has a sheet per grouping asked): one ComparisonSink per grouping, each
 * given every row. The first grouping's sink counts the rule costs, once per row.
 */
export class ComparisonSet implements LedgerSink {
  readonly orderFree = true;
  readonly sinks: readonly ComparisonSink[];
  readonly costs: RuleCosts | undefined;

  constructor(
    contracts: readonly Contract[],
    readonly groupings: readonly Grouping[],
    private readonly options: ComparisonOptions = {},
  ) {
    this.costs = options.costs ? new RuleCosts() : undefined;
    this.sinks = groupings.map((by, index) => new ComparisonSink(contracts, by, index === 0 ? this.costs : undefined));
  }

  /** Each contract's totals over the whole ledger. */
  get contractTotals(): LineTotals[] {
    return this.sinks[0]!.contractTotals;
  }

  sink(by: Grouping): ComparisonSink {
    return this.sinks[this.groupings.indexOf(by)]!;
  }

  row(usage: Usage, linesPerContract: readonly Line[][]): void {
    for (const sink of this.sinks) sink.row(usage, linesPerContract);
  }

  /** Performers' names, for a grouping by performer. */
  useCast(cast: CastList | undefined): void {
    for (const sink of this.sinks) sink.useCast(cast);
  }

  restart(): void {
    for (const sink of this.sinks) sink.restart();
  }

  /** With `csvRows` (one grouping, by title), the rows its worker wrote instead of its groups. */
  snapshot(csvRows?: CsvRows): ComparisonSetSnapshot {
    const top = this.options.topTitles;
    return {
      parts: this.sinks.map((sink, index) => sink.snapshot(csvRows, this.groupings[index] === "title" ? top : undefined)),
      ...(this.costs ? { costs: this.costs.toData() } : {}),
    };
  }

  merge(snapshot: ComparisonSetSnapshot): void {
    snapshot.parts.forEach((part, index) => this.sinks[index]!.merge(part));
    if (snapshot.costs) this.costs?.merge(snapshot.costs);
  }
}
