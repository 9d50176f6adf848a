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
  return isPlainCell(text) ? text : csvCell(neutralize(text));
}

/**
 * Whether a text cell needs neither (the common case, checked on every line's text cells):
 * FORMULA_START and NEEDS_QUOTES, read character by character rather than by two regexes.
 */
function isPlainCell(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isCsvSpecial(text.charCodeAt(i), i)) return false;
  return true;
}

/**
 * Whether the character `code` at `index` of a text cell makes csvText change the cell: a
 * quote, comma or line end anywhere, or a formula start (= + - @ tab CR) first.
 */
export function isCsvSpecial(code: number, index: number): boolean {
  if (code === 0x22 || code === 0x2c || code === 0x0d || code === 0x0a) return true;
  return index === 0 && (code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09);
}
