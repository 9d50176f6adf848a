/**
 * CSV cells that a spreadsheet would run as a formula (leading =, +, -, @, tab or carriage
 * return) are prefixed with an apostrophe, so a title named `=HYPERLINK(…)` stays text.
 * Only text columns pass through this; numbers are written as plain decimals.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text cell: neutralized, then quoted if needed. */
export function csvText(text: string): string {
  return csvCell(neutralize(text));
}
