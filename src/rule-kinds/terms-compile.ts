import { parseDay, type Day } from "../domain/days.js";
import type { BudgetThreshold, Citation, Dated, RuntimeRange } from "../domain/terms.js";
import { Dec } from "../money/decimal.js";
import type { BudgetThresholdFile, CitedFile, NullableRateTermFile, RateTermFile } from "./terms-schema.js";

/** Helpers a kind's compile step turns validated file terms into engine terms with. */
export function citationOf(term: CitedFile): Citation {
  return { source: term.source, confidence: term.confidence, ...(term.note ? { note: term.note } : {}) };
}

/** A date the schema has already checked. */
export function dayOf(text: string): Day {
  return parseDay(text)!;
}

export function dated(term: RateTermFile): Dated<Dec> {
  return {
    steps: [
      { value: new Dec(term.value), citation: citationOf(term) },
      ...(term.changes ?? []).map((change) => ({ from: dayOf(change.from), value: new Dec(change.value), citation: citationOf(change) })),
    ],
  };
}

export function datedNullable(term: NullableRateTermFile): Dated<Dec | null> {
  const value = (text: string | null) => (text === null ? null : new Dec(text));
  return {
    steps: [
      { value: value(term.value), citation: citationOf(term) },
      ...(term.changes ?? []).map((change) => ({ from: dayOf(change.from), value: value(change.value), citation: citationOf(change) })),
    ],
  };
}

export function runtimeRangeOf(range: { runtime_from: string; runtime_to?: string | undefined }): RuntimeRange {
  return { from: Number(range.runtime_from), ...(range.runtime_to !== undefined ? { to: Number(range.runtime_to) } : {}) };
}

export function budgetThresholdOf(file: BudgetThresholdFile): BudgetThreshold {
  return {
    ...(file.by_runtime
      ? { byRuntime: { citation: citationOf(file.by_runtime), bands: file.by_runtime.bands.map((band) => ({ ...runtimeRangeOf(band), amount: new Dec(band.amount) })) } }
      : {}),
    ...(file.per_minute ? { perMinute: { amount: new Dec(file.per_minute.value), citation: citationOf(file.per_minute) } } : {}),
    ...(file.per_program ? { perProgram: { amount: new Dec(file.per_program.value), citation: citationOf(file.per_program) } } : {}),
  };
}
