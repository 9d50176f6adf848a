import type { Line } from "../engine/lines.js";
import { Dec } from "../engine/money.js";

/** Running counts and the total of rounded amounts (totals are sums of the rounded lines). */
export class LineTotals {
  lines = 0;
  payable = 0;
  zero = 0;
  incomplete = 0;
  amount = new Dec(0);

  add(line: Line): void {
    this.lines++;
    this[line.status]++;
    if (line.status === "payable") this.amount = this.amount.plus(line.amount!);
  }
}
