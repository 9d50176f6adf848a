import { centsText, parseCents } from "../money/scaled.js";
import type { Line } from "../domain/lines.js";
import type { Totals, TotalsData } from "../domain/totals.js";

/** Running counts and the total of rounded amounts, in cents (totals are sums of the rounded lines). */
export class LineTotals implements Totals {
  lines = 0;
  payable = 0;
  zero = 0;
  incomplete = 0;
  notModelled = 0;
  /** Lines of corrections (negative amounts, in the total). */
  adjustment = 0;
  /** The total as a double while it is exact (see addedCents), else undefined and the total in `exact`. */
  private cents = 0;
  private exact: bigint | undefined = undefined;

  get amount(): bigint {
    return this.exact ?? BigInt(this.cents);
  }

  set amount(value: bigint) {
    this.cents = 0;
    this.exact = undefined;
    this.addAmount(value);
  }

  add(line: Line): void {
    this.lines++;
    // Named, not this[line.status]: a property looked up by one of several names is a slow
    // lookup on every line, where comparing constant strings is not.
    const status = line.status;
    if (status === "payable") {
      this.payable++;
      this.addAmount(line.amount!);
    } else if (status === "zero") this.zero++;
    else if (status === "incomplete") this.incomplete++;
    else if (status === "not-modelled") this.notModelled++;
    else {
      this.adjustment++;
      this.addAmount(line.amount!);
    }
  }

  /** Adds another run's totals (a worker's share of the ledger). */
  merge(other: TotalsData): void {
    this.lines += other.lines;
    this.payable += other.payable;
    this.zero += other.zero;
    this.incomplete += other.incomplete;
    this.notModelled += other.notModelled;
    this.adjustment += other.adjustment;
    this.addAmount(parseCents(other.amount));
  }

  toData(): TotalsData {
    return {
      lines: this.lines,
      payable: this.payable,
      zero: this.zero,
      incomplete: this.incomplete,
      notModelled: this.notModelled,
      adjustment: this.adjustment,
      amount: centsText(this.amount),
    };
  }

  private addAmount(amount: bigint): void {
    if (this.exact !== undefined) {
      this.exact += amount;
      return;
    }
    const sum = addedCents(this.cents, amount);
    if (sum !== undefined) {
      this.cents = sum;
    } else {
      this.exact = BigInt(this.cents) + amount;
      this.cents = 0;
    }
  }
}

/**
 * `sum + amount` as a double, where both it and `amount` are safe integers (a double holds them
 * exactly, and adding allocates nothing, where every bigint sum is a new object); undefined
 * where either is not (never, for real ledgers: 90 trillion dollars), the sum then being kept
 * as a bigint. Number() of a bigint past 2^53 rounds: such an amount fails the test.
 */
function addedCents(sum: number, amount: bigint): number | undefined {
  const small = Number(amount);
  const total = sum + small;
  return Number.isSafeInteger(small) && Number.isSafeInteger(total) ? total : undefined;
}

/**
 * Doubles per cell of a TotalsGrid, side by side (a row's cells are then one or two cache
 * lines): lines, then one count per status, then cents.
 */
const CELL = 7;
const STATUS_INDEX = { payable: 1, zero: 2, incomplete: 3, "not-modelled": 4, adjustment: 5 } as const;

/** STATUS_INDEX[status], by comparing constant strings (see LineTotals.add). */
function statusIndex(status: Line["status"]): number {
  if (status === "payable") return STATUS_INDEX.payable;
  if (status === "zero") return STATUS_INDEX.zero;
  if (status === "incomplete") return STATUS_INDEX.incomplete;
  return status === "not-modelled" ? STATUS_INDEX["not-modelled"] : STATUS_INDEX.adjustment;
}
const CENTS = 6;

/** A TotalsGrid's first cells as plain data (a typed array crosses between threads in one copy). */
export interface GridData {
  /** CELL doubles per cell. */
  readonly cells: Float64Array;
  /** Cells whose sum left the range of exact doubles, with their exact sums as text. */
  readonly outOfRange: [cell: number, cents: string][];
}

/**
 * Line counts and cents of many cells (compare: a group × a contract) in one typed array. A row
 * updates numbers in place: a bigint field replaced on every row of a long-lived object is
 * promoted by the garbage collector and piles up, and 100,000 groups of objects are a cache
 * miss each. Cents are summed as doubles while they are exact (see addedCents); a cell whose
 * sum leaves that range is kept exactly as a bigint from then on.
 */
export class TotalsGrid {
  private cells = new Float64Array(0);
  private readonly outOfRange = new Map<number, bigint>();
  private capacity = 0;

  add(cell: number, line: Line): void {
    if (cell >= this.capacity) this.grow(cell);
    const cells = this.cells;
    cells[cell * CELL]!++;
    cells[cell * CELL + statusIndex(line.status)]!++;
    if (line.status === "payable" || line.status === "adjustment") this.addCents(cell, line.amount!);
  }

  /** Cells 0 .. count - 1 as data. */
  toData(count: number): GridData {
    if (count > this.capacity) this.grow(count - 1);
    return {
      cells: this.cells.slice(0, count * CELL),
      outOfRange: [...this.outOfRange].filter(([cell]) => cell < count).map(([cell, cents]) => [cell, cents.toString()]),
    };
  }

  /** The given cells, in that order, as data (cell n of the data is `cells[n]` here). */
  pick(cells: readonly number[]): GridData {
    const data = new Float64Array(cells.length * CELL);
    const outOfRange: [number, string][] = [];
    cells.forEach((cell, index) => {
      if (cell >= this.capacity) return;
      data.set(this.cells.subarray(cell * CELL, cell * CELL + CELL), index * CELL);
      const exact = this.outOfRange.get(cell);
      if (exact !== undefined) outOfRange.push([index, exact.toString()]);
    });
    return { cells: data, outOfRange };
  }

  /** Adds each cell of `data` (another run's, see toData) to the cell `target` gives for it. */
  mergeData(data: GridData, target: (cell: number) => number): void {
    const exact = new Map(data.outOfRange.map(([cell, cents]) => [cell, BigInt(cents)]));
    for (let cell = 0; cell < data.cells.length / CELL; cell++) {
      const into = target(cell);
      if (into >= this.capacity) this.grow(into);
      const from = cell * CELL;
      const at = into * CELL;
      const cells = this.cells;
      for (let k = 0; k < CENTS; k++) cells[at + k] = cells[at + k]! + data.cells[from + k]!;
      this.addCents(into, exact.get(cell) ?? BigInt(data.cells[from + CENTS]!));
    }
  }

  /** A cell's payable cents as a number, where it is exact (undefined once its sum left that range). */
  plainCents(cell: number): number | undefined {
    if (cell >= this.capacity) return 0;
    if (this.outOfRange.size > 0 && this.outOfRange.has(cell)) return undefined;
    return this.cells[cell * CELL + CENTS]!;
  }

  /** A cell's lines whose data is missing. */
  incompleteLines(cell: number): number {
    return cell >= this.capacity ? 0 : this.cells[cell * CELL + STATUS_INDEX.incomplete]!;
  }

  /** A cell's lines whose terms are not public. */
  notModelledLines(cell: number): number {
    return cell >= this.capacity ? 0 : this.cells[cell * CELL + STATUS_INDEX["not-modelled"]]!;
  }

  /** The cell as LineTotals (an empty one for a cell never added to). */
  totals(cell: number): LineTotals {
    const totals = new LineTotals();
    if (cell >= this.capacity) return totals;
    const at = cell * CELL;
    totals.lines = this.cells[at]!;
    totals.payable = this.cells[at + 1]!;
    totals.zero = this.cells[at + 2]!;
    totals.incomplete = this.cells[at + 3]!;
    totals.notModelled = this.cells[at + 4]!;
    totals.adjustment = this.cells[at + 5]!;
    totals.amount = this.outOfRange.get(cell) ?? BigInt(this.cells[at + CENTS]!);
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
    const at = cell * CELL + CENTS;
    const sum = addedCents(this.cells[at]!, amount);
    if (sum !== undefined) this.cells[at] = sum;
    else this.outOfRange.set(cell, BigInt(this.cells[at]!) + amount);
  }

  private grow(cell: number): void {
    const capacity = Math.max(cell + 1, this.capacity * 2, 64);
    const cells = new Float64Array(capacity * CELL);
    cells.set(this.cells);
    this.cells = cells;
    this.capacity = capacity;
  }
}

