/** Counts of lines by status and the total of their rounded amounts, in cents. */
export interface Totals {
  readonly lines: number;
  readonly payable: number;
  readonly zero: number;
  readonly incomplete: number;
  readonly amount: bigint;
}

/** Line counts and the total amount (as text) of one contract. */
export interface TotalsData {
  lines: number;
  payable: number;
  zero: number;
  incomplete: number;
  amount: string;
}
