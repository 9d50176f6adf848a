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
