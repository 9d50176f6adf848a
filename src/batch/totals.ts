import { centsText, parseCents } from "../engine/cents.js";
import type { Line } from "../engine/lines.js";
import type { TotalsData } from "./parallel/protocol.js";

/** Running counts and the total of rounded amounts, in cents (totals are sums of the rounded lines). */
export class LineTotals {
  lines = 0;
  payable = 0;
  zero = 0;
  incomplete = 0;
  amount = 0n;

  add(line: Line): void {
    this.lines++;
    this[line.status]++;
    if (line.status === "payable") this.amount += line.amount!;
  }

  /** Adds another run's totals (a worker's share of the ledger). */
  merge(other: TotalsData): void {
    this.lines += other.lines;
    this.payable += other.payable;
    this.zero += other.zero;
    this.incomplete += other.incomplete;
    this.amount += parseCents(other.amount);
  }

  toData(): TotalsData {
    return { lines: this.lines, payable: this.payable, zero: this.zero, incomplete: this.incomplete, amount: centsText(this.amount) };
  }
}

const STATUS_INDEX = { payable: 1, zero: 2, incomplete: 3 } as const;

/** A TotalsGrid's first cells as plain data (typed arrays cross between threads in one copy). */
export interface GridData {
  readonly counts: Float64Array;
  readonly cents: Float64Array;
  /** Cells whose sum left the range of exact doubles, with their exact sums as text. */
  readonly outOfRange: [cell: number, cents: string][];
}

/**
 * Line counts and cents of many cells (compare: a group × a contract) in typed arrays. A row
 * updates numbers in place: a bigint field replaced on every row of a long-lived object is
 * promoted by the garbage collector and piles up, and 100,000 groups of objects are a cache
 * miss each. Cents are summed as doubles while every sum is a safe integer (to 90 trillion
 * dollars), where a double is exact and adding one allocates nothing; a cell whose sum leaves
 * that range (never, for real ledgers) is kept exactly as a bigint from then on.
 */
export class TotalsGrid {
  /** Per cell: lines, payable, zero, incomplete. */
  private counts = new Float64Array(0);
  private cents = new Float64Array(0);
  private readonly outOfRange = new Map<number, bigint>();
  private capacity = 0;

  add(cell: number, line: Line): void {
    if (cell >= this.capacity) this.grow(cell);
    const counts = this.counts;
    counts[cell * 4]!++;
    counts[cell * 4 + STATUS_INDEX[line.status]]!++;
    if (line.status === "payable") this.addCents(cell, line.amount!);
  }

  /** Cells 0 .. cells - 1 as data. */
  toData(cells: number): GridData {
    if (cells > this.capacity) this.grow(cells - 1);
    return {
      counts: this.counts.slice(0, cells * 4),
      cents: this.cents.slice(0, cells),
      outOfRange: [...this.outOfRange].filter(([cell]) => cell < cells).map(([cell, cents]) => [cell, cents.toString()]),
    };
  }

  /** Adds each cell of `data` (another run's, see toData) to the cell `target` gives for it. */
  mergeData(data: GridData, target: (cell: number) => number): void {
    const exact = new Map(data.outOfRange.map(([cell, cents]) => [cell, BigInt(cents)]));
    for (let cell = 0; cell < data.cents.length; cell++) {
      const into = target(cell);
      if (into >= this.capacity) this.grow(into);
      const from = cell * 4;
      const at = into * 4;
      const counts = this.counts;
      for (let k = 0; k < 4; k++) counts[at + k] = counts[at + k]! + data.counts[from + k]!;
      this.addCents(into, exact.get(cell) ?? BigInt(data.cents[cell]!));
    }
  }

  /** The cell as LineTotals (an empty one for a cell never added to). */
  totals(cell: number): LineTotals {
    const totals = new LineTotals();
    if (cell >= this.capacity) return totals;
    const at = cell * 4;
    totals.lines = this.counts[at]!;
    totals.payable = this.counts[at + 1]!;
    totals.zero = this.counts[at + 2]!;
    totals.incomplete = this.counts[at + 3]!;
    totals.amount = this.outOfRange.get(cell) ?? BigInt(this.cents[cell]!);
    return totals;
  }

  private addCents(cell: number, amount: bigint): void {
    if (this.outOfRange.size > 0) {
      const exact = this.outOfRange.get(cell);
      if (exact !== undefined) {
        this.outOfRange.set(cell, exact + amount);
        return;
      }
    }
    // Number() of a bigint past 2^53 rounds: such an amount fails the test and is added exactly.
    const small = Number(amount);
    const sum = this.cents[cell]! + small;
    if (Number.isSafeInteger(small) && Number.isSafeInteger(sum)) this.cents[cell] = sum;
    else this.outOfRange.set(cell, BigInt(this.cents[cell]!) + amount);
  }

  private grow(cell: number): void {
    const capacity = Math.max(cell + 1, this.capacity * 2, 64);
    const counts = new Float64Array(capacity * 4);
    counts.set(this.counts);
    this.counts = counts;
    const cents = new Float64Array(capacity);
    cents.set(this.cents);
    this.cents = cents;
    this.capacity = capacity;
  }
}
