import { Dec, formatMoney, formatPercent, formatPlain } from "../money/decimal.js";
import type { Citation, Dated } from "../domain/terms.js";
import { groupThousands } from "../money/grouping.js";
import type { CitedFile, NullableRateTermFile } from "./terms-schema.js";

/** Helpers a kind's describe step (`contracts show`) words its terms with. */

/** Where a term comes from when the file extends another ("" when it is the file's own). */
export type TermOrigin = (path: readonly (string | number)[]) => string;

export function citationLines(term: CitedFile, indent = 4): string[] {
  const pad = " ".repeat(indent);
  const out = [`${pad}source: ${term.source} (${term.confidence})`];
  if (term.note) out.push(`${pad}note: ${term.note}`);
  return out;
}

/** A rate and its changes by date, each with its source; a null rate is worded by `none`. */
export function rateLines(label: string, term: NullableRateTermFile, of: string, origin: string, indent = 2, none = ""): string[] {
  const pad = " ".repeat(indent);
  const value = (text: string | null) => (text === null ? none : `${formatPercent(new Dec(text))} ${of}`);
  const out = [`${pad}${label}: ${value(term.value)}${origin}`, ...citationLines(term, indent + 2)];
  for (const change of term.changes ?? []) {
    out.push(`${pad}  from ${change.from}: ${value(change.value)}`, ...citationLines(change, indent + 4));
  }
  return out;
}

/** The citations of a dated term's steps whose value is `rate` (the rate a line used). */
export function stepsAt(term: Dated<Dec | null> | undefined, rate: Dec | undefined): Citation[] {
  return term?.steps.filter((step) => step.value !== null && rate !== undefined && step.value.eq(rate)).map((step) => step.citation) ?? [];
}

/** "$25,000.00" */
export function dollars(text: string): string {
  return `$${formatMoney(new Dec(text))}`;
}

/** A whole count with its thousands grouped: "100,000". */
export function groupedCount(text: string): string {
  return groupThousands(formatPlain(new Dec(text)));
}
