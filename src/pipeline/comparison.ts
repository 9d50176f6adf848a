import { formatDay } from "../domain/days.js";
import type { CastList, Usage } from "../domain/inputs.js";
import { CastNames } from "../domain/cast-names.js";
import type { Line } from "../domain/lines.js";
import { percentDifference } from "../money/percent.js";
import type { Contract } from "../domain/terms.js";
import { MEDIA } from "../domain/vocabulary.js";
import { exclusionOf, type NamedExclusion } from "./exclusions.js";
import type { Exclusion } from "../domain/comparison.js";
import type { LedgerSink } from "./ledger.js";
import type { RuleCosts } from "./rule-costs.js";
import { LineTotals, TotalsGrid, type GridData } from "./totals.js";
import type { TotalsData } from "../domain/totals.js";
import type { ComparisonCell, ComparisonGroups, ComparisonRow, ComparisonStream, CsvRows, Grouping } from "../domain/comparison.js";

export { GROUPINGS, type Comparison, type ComparisonCell, type ComparisonRow, type ComparisonStream, type CsvRows, type Grouping } from "../domain/comparison.js";

/** A contract's exclusions on a row where it has none (most contracts on most rows). */
const NO_EXCLUSIONS: readonly NamedExclusion[] = [];

interface DecidingEntry {
  readonly index: number;
  readonly exclusion: Exclusion;
  /** The first usage record where it decided something: entries are listed in that order. */
  readonly first: number;
}

/** A sink's state as plain data, so parallel workers' shares of the ledger can be merged. */
export interface ComparisonSnapshot {
  readonly contractTotals: TotalsData[];
  /** Per group, in the order they were numbered: key and first usage record. */
  readonly keys: string[];
  readonly first: number[];
  /** Per group, its name where the input files give one (see ComparisonRow.name). */
  readonly names: (string | undefined)[];
  /** The groups' totals: cell group × contracts + contract. */
  readonly totals: GridData;
  /** The groups that have deciding rules, with them. */
  readonly deciding: [group: number, entries: [string, DecidingEntry][]][];
  /** Instead of the groups' totals (then empty): their rows, written (see CsvRows). */
  readonly csvRows?: CsvRows;
}

/**
 * Totals of several contracts side by side, from one pass over the ledger (runLedger with every
 * contract). Totals are sums of the rounded lines, exactly as `calc` sums them.
 *
 * Groups are numbered as they first appear; their totals are cells of a TotalsGrid (group ×
 * contract), and by title a row finds its group through the catalogue ordinal, without a lookup
 * by id.
 */
export class ComparisonSink implements LedgerSink, ComparisonGroups {
  /** Totals are sums and groups keep the first record they saw: the order rows come in does not matter. */
  readonly orderFree = true;
  contractTotals: LineTotals[] = [];
  /** Per group: its key, its first usage record (groups by title are listed in that order), the exclusions that decided a row's amount. */
  private keys: string[] = [];
  private first: number[] = [];
  private names: (string | undefined)[] = [];
  private deciding: (Map<string, DecidingEntry> | undefined)[] = [];
  private totals = new TotalsGrid();
  private byKey = new Map<string, number>();
  /**
   * Grouping by title, per catalogue ordinal: 1 + its group (0: none yet), and beside it the
   * group's first usage record, so that a row reads one place, not two far apart.
   */
  private byOrdinal = new Float64Array(0);
  /** Per contract, by rule and kind: exclusions named once (see named). */
  private readonly namedExclusions: Map<string, Map<string, NamedExclusion>>[] = [];
  /** The workers' groups, where they wrote their rows themselves (see CsvRows). */
  private csvRows: CsvRows[] = [];

  /** The year of the last row's period_start, by its day (rows of a period share it): see groupOf. */
  private yearDay = Number.NaN;
  private yearKey = "";

  /** With `costs`, each row's deciding rules are also counted there in money (see RuleCosts). */
  constructor(
    private readonly contracts: readonly Contract[],
    private readonly by: Grouping,
    private readonly costs?: RuleCosts,
  ) {
    this.restart();
  }

  row(usage: Usage, linesPerContract: readonly Line[][]): void {
    if (this.by === "performer") return this.performerRow(usage, linesPerContract);
    const group = this.groupOf(usage);
    const cells = group * this.contracts.length;
    let excluding = false;
    for (let index = 0; index < linesPerContract.length; index++) {
      for (const line of linesPerContract[index]!) {
        this.totals.add(cells + index, line);
        this.contractTotals[index]!.add(line);
        if (line.exclusion !== undefined) excluding = true;
      }
    }
    // Only a row where some rule excluded a use can name a deciding rule (most rows: none).
    if (excluding) {
      const amounts = linesPerContract.map(payableCents);
      const exclusions = this.exclusionsOf(linesPerContract);
      noteDecidingRules((this.deciding[group] ??= new Map()), amounts, exclusions, usage.row);
      this.costs?.note(amounts, exclusions);
    }
  }

  /**
   * By performer, each line is its performer's (title-level lines, without one, are the group
   * with an empty id); a rule that decided the row's amounts is noted for each group it touched
   * (a cutoff's one zero line names no performer, but takes the performers' lines away).
   */
  private performerRow(usage: Usage, linesPerContract: readonly Line[][]): void {
    const contracts = this.contracts.length;
    const touched: number[] = [];
    let excluding = false;
    for (let index = 0; index < linesPerContract.length; index++) {
      for (const line of linesPerContract[index]!) {
        const key = line.performerId ?? "";
        const group = this.byKey.has(key) ? this.groupByKey(key, usage.row) : this.groupByKey(key, usage.row, this.castNames.nameOf(usage.titleId, line.performerId));
        this.totals.add(group * contracts + index, line);
        this.contractTotals[index]!.add(line);
        if (line.exclusion !== undefined) excluding = true;
        if (!touched.includes(group)) touched.push(group);
      }
    }
    if (!excluding) return;
    const amounts = linesPerContract.map(payableCents);
    const exclusions = this.exclusionsOf(linesPerContract);
    for (const group of touched) noteDecidingRules((this.deciding[group] ??= new Map()), amounts, exclusions, usage.row);
    this.costs?.note(amounts, exclusions);
  }

  /** Performers' names, from the cast file (see useCast). */
  private castNames = new CastNames(undefined);

  useCast(cast: CastList | undefined): void {
    this.castNames = new CastNames(cast);
  }

  /**
   * Each contract's distinct exclusions among a row's lines (rarely more than one): an array is
   * made only for a contract that has one, at its size (one grown by push reserves 16 slots).
   */
  private exclusionsOf(linesPerContract: readonly Line[][]): (readonly NamedExclusion[])[] {
    return linesPerContract.map((lines, index) => {
      let named: NamedExclusion[] | undefined;
      for (const line of lines) {
        const exclusion = this.named(index, line);
        if (exclusion === undefined) continue;
        if (named === undefined) named = [exclusion];
        else if (!named.includes(exclusion)) named.push(exclusion);
      }
      return named ?? NO_EXCLUSIONS;
    });
  }

  /**
   * A line's exclusion with its keys, made once per contract, rule and kind: rows share them, so
   * a row makes no strings or maps of its own.
   */
  private named(index: number, line: Line): NamedExclusion | undefined {
    if (line.exclusion === undefined) return undefined;
    const byRule = (this.namedExclusions[index] ??= new Map());
    let byKind = byRule.get(line.rule);
    if (byKind === undefined) byRule.set(line.rule, (byKind = new Map()));
    let named = byKind.get(line.exclusion);
    if (named === undefined) {
      const exclusion = exclusionOf(this.contracts[index]!, line)!;
      const key = `${exclusion.kind} ${exclusion.rule}`;
      named = { exclusion, key, entryKey: `${index} ${key}` };
      byKind.set(line.exclusion, named);
    }
    return named;
  }

  /**
   * The sink's state as data: columns, not an object per group (a worker sends 100,000s of
   * groups). With `csvRows`, the groups' rows as written instead of their totals.
   */
  snapshot(csvRows?: CsvRows, top?: number): ComparisonSnapshot {
    if (csvRows !== undefined) {
      return { contractTotals: this.contractTotals.map((totals) => totals.toData()), keys: [], first: [], names: [], totals: new TotalsGrid().toData(0), deciding: [], csvRows };
    }
    if (top !== undefined) return this.topSnapshot(top);
    const deciding: [number, [string, DecidingEntry][]][] = [];
    this.deciding.forEach((entries, group) => {
      if (entries !== undefined) deciding.push([group, [...entries]]);
    });
    return {
      contractTotals: this.contractTotals.map((totals) => totals.toData()),
      keys: this.keys,
      first: this.first,
      names: this.names,
      totals: this.totals.toData(this.keys.length * this.contracts.length),
      deciding,
    };
  }

  /**
   * Only the `top` groups of topGroups: by title a group is one worker's, so the run's top groups
   * are among its workers' own, and a worker sends those instead of 100,000 groups.
   */
  private topSnapshot(top: number): ComparisonSnapshot {
    const groups = this.topGroups(top);
    const cells: number[] = [];
    for (const group of groups) for (let index = 0; index < this.contracts.length; index++) cells.push(group * this.contracts.length + index);
    const deciding: [number, [string, DecidingEntry][]][] = [];
    groups.forEach((group, index) => {
      const entries = this.deciding[group];
      if (entries !== undefined) deciding.push([index, [...entries]]);
    });
    return {
      contractTotals: this.contractTotals.map((totals) => totals.toData()),
      keys: groups.map((group) => this.keys[group]!),
      first: groups.map((group) => this.first[group]!),
      names: groups.map((group) => this.names[group]),
      totals: this.totals.pick(cells),
      deciding,
    };
  }

  /**
   * The `count` groups whose amounts differ most from the baseline's (the largest difference
   * of any contract, either way), largest first; equal ones in the order rows are listed.
   */
  topGroups(count: number): number[] {
    const contracts = this.contracts.length;
    const cents = new Float64Array(contracts);
    const incomplete = new Float64Array(contracts);
    const notModelled = new Float64Array(contracts);
    const scored = this.orderedGroups().map((group, order) => {
      let score = 0n;
      if (this.plainFigures(group, cents, incomplete, notModelled)) {
        let largest = 0;
        for (let index = 1; index < contracts; index++) largest = Math.max(largest, Math.abs(cents[index]! - cents[0]!));
        score = BigInt(largest);
      } else {
        const totals = this.groupTotals(group);
        for (let index = 1; index < contracts; index++) {
          const difference = totals[index]!.amount - totals[0]!.amount;
          const size = difference < 0n ? -difference : difference;
          if (size > score) score = size;
        }
      }
      return { group, order, score };
    });
    scored.sort((a, b) => (a.score < b.score ? 1 : a.score > b.score ? -1 : a.order - b.order));
    return scored.slice(0, count).map((entry) => entry.group);
  }

  /** Adds a worker's share of the ledger (each share covers other usage records). */
  merge(snapshot: ComparisonSnapshot): void {
    snapshot.contractTotals.forEach((data, index) => this.contractTotals[index]!.merge(data));
    if (snapshot.csvRows !== undefined) this.csvRows.push(snapshot.csvRows);
    const groups = snapshot.keys.map((key, index) => this.groupByKey(key, snapshot.first[index]!, snapshot.names[index]));
    const contracts = this.contracts.length;
    this.totals.mergeData(snapshot.totals, (cell) => groups[Math.floor(cell / contracts)]! * contracts + (cell % contracts));
    for (const [index, entries] of snapshot.deciding) {
      const deciding = (this.deciding[groups[index]!] ??= new Map());
      for (const [key, entry] of entries) {
        const known = deciding.get(key);
        if (known === undefined || entry.first < known.first) deciding.set(key, entry);
      }
    }
  }

  restart(): void {
    this.contractTotals = this.contracts.map(() => new LineTotals());
    this.keys = [];
    this.first = [];
    this.names = [];
    this.deciding = [];
    this.totals = new TotalsGrid();
    this.byKey = new Map();
    this.byOrdinal = new Float64Array(0);
    this.csvRows = [];
    this.costs?.clear();
  }

  /** The groups in the order their rows are listed. */
  orderedGroups(): number[] {
    // By title, groups keep ledger order: the order of their first usage record.
    const groups = this.keys.map((_, group) => group).sort((a, b) => this.first[a]! - this.first[b]!);
    if (this.by === "medium") groups.sort((a, b) => MEDIA.indexOf(this.keys[a] as never) - MEDIA.indexOf(this.keys[b] as never));
    if (this.by === "year") groups.sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : this.keys[a]! > this.keys[b]! ? 1 : 0));
    return groups;
  }

  keyOf(group: number): string {
    return this.keys[group]!;
  }

  nameOf(group: number): string | undefined {
    return this.names[group];
  }

  firstOf(group: number): number {
    return this.first[group]!;
  }

  /**
   * A group's figures as plain numbers, so that its row can be written without being made (a
   * worker writes 100,000s): per contract, payable cents into `cents` and lines without an
   * amount into `incomplete` and `notModelled`. False where a sum is past exact doubles: groupRow then makes it.
   */
  plainFigures(group: number, cents: Float64Array, incomplete: Float64Array, notModelled: Float64Array): boolean {
    const cells = group * this.contracts.length;
    for (let index = 0; index < this.contracts.length; index++) {
      const exact = this.totals.plainCents(cells + index);
      if (exact === undefined) return false;
      cents[index] = exact;
      incomplete[index] = this.totals.incompleteLines(cells + index);
      notModelled[index] = this.totals.notModelledLines(cells + index);
    }
    return true;
  }

  /** The result, its rows made as they are read (see ComparisonStream). */
  resultStream(): ComparisonStream {
    const groups = this.orderedGroups();
    return {
      by: this.by,
      contracts: this.contracts.map((contract) => contract.id),
      rows: (function* (sink: ComparisonSink) {
        for (const group of groups) yield sink.groupRow(group);
        yield* interleaved(sink.csvRows);
      })(this),
      total: { cells: compareCells(this.contracts, this.contractTotals), decidingRules: [] },
    };
  }

  groupRow(group: number): ComparisonRow {
    const cells = compareCells(this.contracts, this.groupTotals(group));
    const differs = cells.some((cell) => cell.difference !== undefined && cell.difference !== 0n);
    const name = this.names[group];
    return { key: this.keys[group]!, ...(name === undefined ? {} : { name }), first: this.first[group]!, cells, decidingRules: differs ? this.decidingRulesOf(group) : [] };
  }

  /** The exclusions that decided a difference in the group, as its row lists them where amounts differ. */
  decidingRulesOf(group: number): Exclusion[] {
    const entries = this.deciding[group];
    if (entries === undefined) return [];
    if (entries.size === 1) return [entries.values().next().value!.exclusion];
    return [...entries.values()].sort((a, b) => a.index - b.index || a.first - b.first).map((entry) => entry.exclusion);
  }

  private groupTotals(group: number): LineTotals[] {
    return this.contracts.map((_, index) => this.totals.totals(group * this.contracts.length + index));
  }

  private groupOf(usage: Usage): number {
    const ordinal = usage.ordinal;
    if (this.by === "year") {
      if (usage.start !== this.yearDay) {
        this.yearDay = usage.start;
        this.yearKey = formatDay(usage.start).slice(0, 4);
      }
      return this.groupByKey(this.yearKey, usage.row);
    }
    if (this.by !== "title" || ordinal === undefined) return this.groupByKey(groupKey(usage, this.by), usage.row, usage.title?.name);
    const at = ordinal * 2;
    if (at >= this.byOrdinal.length) {
      const grown = new Float64Array(Math.max(at + 2, this.byOrdinal.length * 2));
      grown.set(this.byOrdinal);
      this.byOrdinal = grown;
    }
    const known = this.byOrdinal[at]!;
    if (known === 0) {
      const group = this.groupByKey(usage.titleId, usage.row, usage.title?.name);
      this.byOrdinal[at] = group + 1;
      this.byOrdinal[at + 1] = this.first[group]!;
      return group;
    }
    const group = known - 1;
    // The copy beside the group is never below the group's own first record, which stays right.
    if (usage.row < this.byOrdinal[at + 1]!) {
      this.byOrdinal[at + 1] = usage.row;
      if (usage.row < this.first[group]!) this.first[group] = usage.row;
    }
    return group;
  }

  private groupByKey(key: string, first: number, name?: string): number {
    let group = this.byKey.get(key);
    if (group === undefined) {
      group = this.keys.push(key) - 1;
      this.first.push(first);
      this.names.push(name);
      this.deciding.push(undefined);
      this.byKey.set(key, group);
    } else if (first < this.first[group]!) {
      this.first[group] = first;
    }
    return group;
  }
}

/** The rows of several workers' CsvRows, in order of first usage record (each is in that order already). */
function* interleaved(parts: readonly CsvRows[]): Generator<Uint8Array> {
  const next = parts.map(() => 0);
  const offsets = parts.map(() => 0);
  for (;;) {
    let part = -1;
    for (let index = 0; index < parts.length; index++) {
      const at = next[index]!;
      if (at < parts[index]!.first.length && (part < 0 || parts[index]!.first[at]! < parts[part]!.first[next[part]!]!)) part = index;
    }
    if (part < 0) return;
    const rows = parts[part]!;
    const length = rows.lengths[next[part]!]!;
    const from = offsets[part]!;
    yield rows.bytes.subarray(from, from + length);
    offsets[part] = from + length;
    next[part]!++;
  }
}

/** What a row's lines under one contract pay, in cents. */
function payableCents(lines: readonly Line[]): bigint {
  let cents = 0n;
  for (const line of lines) if (line.status === "payable" || line.status === "adjustment") cents += line.amount!;
  return cents;
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
    const percent = percentDifference(difference, baseline, 2);
    return { contract: contract.id, totals: own, difference, ...(percent === undefined ? {} : { percent }) };
  });
}

/**
 * Where two contracts pay a row differently, an exclusion that fired in one of them and not in
 * the other decided the difference (e.g. the offer's 1974 cutoff against the scenario's library
 * rate). Rows both contracts pay alike decide nothing, whatever rules produced them.
 */
function noteDecidingRules(deciding: Map<string, DecidingEntry>, amounts: readonly bigint[], exclusions: readonly (readonly NamedExclusion[])[], row: number): void {
  for (let i = 0; i < amounts.length; i++) {
    for (let j = i + 1; j < amounts.length; j++) {
      if (amounts[i] === amounts[j]) continue;
      noteOneSide(deciding, i, exclusions[i]!, exclusions[j]!, row);
      noteOneSide(deciding, j, exclusions[j]!, exclusions[i]!, row);
    }
  }
}

/** The exclusions of contract `index` that the other contract's lines do not share. */
function noteOneSide(deciding: Map<string, DecidingEntry>, index: number, own: readonly NamedExclusion[], other: readonly NamedExclusion[], row: number): void {
  for (const named of own) {
    if (other.some((theirs) => theirs.key === named.key)) continue;
    // The earliest record wins, whatever order rows come in.
    const known = deciding.get(named.entryKey);
    if (known === undefined || row < known.first) deciding.set(named.entryKey, { index, exclusion: named.exclusion, first: row });
  }
}
