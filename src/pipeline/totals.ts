import { centsText, parseCents } from "../money/scaled.js";
import type { Line } from "../domain/lines.js";
import type { Totals, TotalsData } from "../domain/totals.js";

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
const LINES = 0;
const STATUS_INDEX = { payable: 1, zero: 2, incomplete: 3, "not-modelled": 4, adjustment: 5 } as const;
const CENTS = 6;

/**
 * STATUS_INDEX[status], by comparing constant strings: a property looked up by one of several
 * names is a slow lookup on every line, where comparing constant strings is not.
 */
function statusIndex(status: Line["status"]): number {
  if (status === "payable") return STATUS_INDEX.payable;
  if (status === "zero") return STATUS_INDEX.zero;
  if (status === "incomplete") return STATUS_INDEX.incomplete;
  return status === "not-modelled" ? STATUS_INDEX["not-modelled"] : STATUS_INDEX.adjustment;
}

/** A TotalsGrid's first cells as plain data (a typed array crosses between threads in one copy). */
export interface GridData {
  /** CELL doubles per cell. */
  readonly cells: Float64Array;
  /** Cells whose sum left the range of exact doubles, with their exact sums as text. */
  readonly outOfRange: [cell: number, cents: string][];
}

/**
 * Line counts and cents of many cells (a run's contracts; compare: a group × a contract) in one
 * typed array: the one place lines are counted and amounts summed. A row updates numbers in
 * place: a bigint field replaced on every row of a long-lived object is promoted by the garbage
 * collector and piles up, and 100,000 groups of objects are a cache miss each. Cents are summed
 * as doubles while they are exact (see addedCents); a cell whose sum leaves that range is kept
 * exactly as a bigint from then on. Totals are sums of the rounded lines.
 */
export class TotalsGrid {
  private cells = new Float64Array(0);
  private readonly outOfRange = new Map<number, bigint>();
  private capacity = 0;

  add(cell: number, line: Line): void {
    if (cell >= this.capacity) this.grow(cell);
    const cells = this.cells;
    const status = line.status;
    cells[cell * CELL + LINES]!++;
    cells[cell * CELL + statusIndex(status)]!++;
    if (status === "payable" || status === "adjustment") this.addCents(cell, line.amount!);
  }

  /** Adds another run's totals of one cell (a worker's share of the ledger). */
  addTotals(cell: number, other: TotalsData): void {
    if (cell >= this.capacity) this.grow(cell);
    const at = cell * CELL;
    const cells = this.cells;
    // In cell order: lines, then STATUS_INDEX's statuses.
    const counts = [other.lines, other.payable, other.zero, other.incomplete, other.notModelled, other.adjustment];
    for (let k = 0; k < CENTS; k++) cells[at + k] = cells[at + k]! + counts[k]!;
    this.addCents(cell, parseCents(other.amount));
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

  /** A cell's count at `index` (LINES or a STATUS_INDEX). */
  count(cell: number, index: number): number {
    return cell >= this.capacity ? 0 : this.cells[cell * CELL + index]!;
  }

  /** A cell's payable cents as a number, where it is exact (undefined once its sum left that range). */
  plainCents(cell: number): number | undefined {
    if (cell >= this.capacity) return 0;
    if (this.outOfRange.size > 0 && this.outOfRange.has(cell)) return undefined;
    return this.cells[cell * CELL + CENTS]!;
  }

  /** A cell's total amount in cents. */
  cents(cell: number): bigint {
    return this.outOfRange.get(cell) ?? BigInt(this.plainCents(cell)!);
  }

  /** A cell's lines whose data is missing. */
  incompleteLines(cell: number): number {
    return this.count(cell, STATUS_INDEX.incomplete);
  }

  /** A cell's lines whose terms are not public. */
  notModelledLines(cell: number): number {
    return this.count(cell, STATUS_INDEX["not-modelled"]);
  }

  /** The cell as LineTotals, read live from this grid. */
  totals(cell: number): LineTotals {
    return new LineTotals(this, cell);
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

/** Running counts and the total of rounded amounts of one run (a cell of a TotalsGrid, its own by default). */
export class LineTotals implements Totals {
  constructor(
    private readonly grid: TotalsGrid = new TotalsGrid(),
    private readonly cell = 0,
  ) {}

  get lines(): number {
    return this.grid.count(this.cell, LINES);
  }
  get payable(): number {
    return this.grid.count(this.cell, STATUS_INDEX.payable);
  }
  get zero(): number {
    return this.grid.count(this.cell, STATUS_INDEX.zero);
  }
  get incomplete(): number {
    return this.grid.count(this.cell, STATUS_INDEX.incomplete);
  }
  get notModelled(): number {
    return this.grid.count(this.cell, STATUS_INDEX["not-modelled"]);
  }
  /** Lines of corrections (negative amounts, in the total). */
  get adjustment(): number {
    return this.grid.count(this.cell, STATUS_INDEX.adjustment);
  }
  get amount(): bigint {
    return this.grid.cents(this.cell);
  }

  add(line: Line): void {
    this.grid.add(this.cell, line);
  }

  /** Adds another run's totals (a worker's share of the ledger). */
  merge(other: TotalsData): void {
    this.grid.addTotals(this.cell, other);
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
}
