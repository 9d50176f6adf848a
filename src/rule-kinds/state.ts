/**
 * What a rule keeps per title (docs/architecture.md, "Per-title state"): `numbers` slots of
 * exact small numbers (counts, day numbers, row numbers; 0 before the title's first row) and,
 * where it needs more, one `value` of its own (undefined before the first row). `perMedium`:
 * one such state per medium the rule applies to, else one for all of them. The engine lays
 * these out compactly, per rule, and grows them with the catalogue.
 */
export interface StateShape {
  readonly numbers: number;
  readonly value: boolean;
  readonly perMedium: boolean;
}

/** A title's state under one rule, as a kind's compute step sees it. */
export interface RuleState {
  number(index: number): number;
  setNumber(index: number, value: number): void;
  value: unknown;
}
