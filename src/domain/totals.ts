/** Counts of lines by status and the total of their rounded amounts, in cents. */
export interface Totals {
  readonly lines: number;
  readonly payable: number;
  readonly zero: number;
  readonly incomplete: number;
  readonly notModelled: number;
  /** Lines of corrections (negative amounts, in the total). */
  readonly adjustment: number;
  readonly amount: bigint;
}

/** Line counts and the total amount (as text) of one contract. */
export interface TotalsData {
  lines: number;
  payable: number;
  zero: number;
  incomplete: number;
  notModelled: number;
  adjustment: number;
  amount: string;
}

/** Lines per status, as summaries give them; adjustments where there are any (most ledgers carry no correction). */
export function statusCounts(totals: Totals): string {
  const adjustments = totals.adjustment > 0 ? `, ${totals.adjustment} adjustment` : "";
  return `${totals.payable} payable, ${totals.zero} zero, ${totals.incomplete} incomplete, ${totals.notModelled} not modelled${adjustments}`;
}
