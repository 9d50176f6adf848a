import { parseDay, type Day } from "../../domain/days.js";
import { scaledFromDec, type Scaled } from "../../money/scaled.js";
import { Dec } from "../../money/decimal.js";

/**
 * Field parsers for input files. Each returns the value or a `Problem` (the reason a cell is
 * rejected): nothing is ever guessed.
 */
export class Problem {
  constructor(readonly reason: string) {}
}

const PLAIN_MONEY = /^\d+(\.\d+)?$/;
const US_MONEY = /^\$?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const US_MONEY_MARKS = /[$,]/g;
/** -12.00, -$12.00, $-12.00 and the accountants' ($12.00): what it is, so the reason can say so. */
const NEGATIVE_MONEY = /^(?:-\$?|\$-)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$|^\(\$?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\)$/;

/** Digits an amount may have, before and after the point together: more is no amount, and would only cost time. */
export const AMOUNT_DIGITS = 24;

/** A Problem for text with more than AMOUNT_DIGITS digits (counting stops there). */
function tooManyDigits(text: string): Problem | undefined {
  if (text.length <= AMOUNT_DIGITS) return undefined;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++digits > AMOUNT_DIGITS) return new Problem(`too many digits (an amount has at most ${AMOUNT_DIGITS})`);
  }
  return undefined;
}

/** `1234.56` or `$1,234.56`; negatives and anything else are rejected. */
export function parseMoney(text: string): Dec | Problem {
  const long = tooManyDigits(text);
  if (long) return long;
  if (PLAIN_MONEY.test(text)) return new Dec(text);
  if (US_MONEY.test(text)) return new Dec(text.replace(US_MONEY_MARKS, ""));
  const negative = NEGATIVE_MONEY.exec(text);
  if (negative) {
    const magnitude = new Dec((negative[1] ?? negative[2]!).replace(US_MONEY_MARKS, ""));
    // A spreadsheet writes a rounded-away negative as -0.00: that is zero, not a correction.
    if (magnitude.isZero()) return new Dec(0);
    return new Problem("negative amount (only distributor_gross may be negative, on a correction)");
  }
  return new Problem("not an amount (expected 1234.56 or $1,234.56)");
}

/** parseMoney, as the scaled integer an amount a row multiplies is kept as (see CastMember.tam). */
export function parseScaledMoney(text: string): Scaled | Problem {
  const money = parseMoney(text);
  return money instanceof Problem ? money : scaledFromDec(money);
}

/** parseMoney, negatives accepted (-12.00, -$12.00, $-12.00, ($12.00)): distributor's gross, whose corrections are negative. */
export function parseSignedMoney(text: string): Dec | Problem {
  const negative = NEGATIVE_MONEY.exec(text);
  if (negative) {
    const magnitude = new Dec((negative[1] ?? negative[2]!).replace(US_MONEY_MARKS, ""));
    return magnitude.isZero() ? new Dec(0) : magnitude.negated();
  }
  return parseMoney(text);
}

const EXCEL_SERIAL = /^\d{5}(\.\d+)?$/;
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export function parseDate(text: string): Day | Problem {
  const day = parseDay(text);
  if (day !== undefined) return day;
  if (EXCEL_SERIAL.test(text)) return new Problem("not a date (YYYY-MM-DD); this looks like a spreadsheet serial number");
  if (ISO_SHAPE.test(text)) return new Problem("not a calendar date");
  return new Problem("not a date (expected YYYY-MM-DD)");
}

const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0", ""]);

export function parseBoolean(text: string): boolean | Problem {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return new Problem("not a boolean (expected true/false, yes/no, 1/0 or empty)");
}

const DIGITS = /^\d+$/;
const NEGATIVE_DIGITS = /^-\d+$/;
const NEGATIVE_DECIMAL = /^-\d+(\.\d+)?$/;

/** A whole number, negative or not (a correction's units), small enough to count exactly. */
export function parseSignedCount(text: string): number | Problem {
  if (NEGATIVE_DIGITS.test(text)) {
    const value = parseCount(text.slice(1));
    return typeof value === "number" ? (value === 0 ? 0 : -value) : value;
  }
  return parseCount(text);
}

/** A whole number ≥ 0 (units), small enough to count exactly. */
export function parseCount(text: string): number | Problem {
  if (!DIGITS.test(text)) {
    if (NEGATIVE_DIGITS.test(text)) return new Problem("negative count");
    return new Problem("not a whole number");
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return new Problem("number too large");
  return value;
}

export function parsePositiveCount(text: string): number | Problem {
  const value = parseCount(text);
  if (typeof value === "number" && value === 0) return new Problem("must be at least 1");
  return value;
}

/** A decimal ≥ 0 (allocation units). */
export function parseDecimal(text: string): Dec | Problem {
  const long = tooManyDigits(text);
  if (long) return long;
  if (PLAIN_MONEY.test(text)) return new Dec(text);
  if (NEGATIVE_DECIMAL.test(text)) return new Problem("negative number");
  return new Problem("not a decimal number");
}

/**
 * One of a closed list of words. It returns the list's own string, not the text read: the
 * engine looks values up by them, and V8 compares its own constant strings fastest.
 */
export function parseChoice<T extends string>(choices: readonly T[], what: string): (text: string) => T | Problem {
  const known = new Map<string, T>(choices.map((choice) => [choice, choice]));
  return (text) => known.get(text) ?? new Problem(`unknown ${what} (expected ${choices.join(", ")})`);
}

/**
 * Why a record's units do not go with its gross: a correction (negative gross) has units that
 * are negative, 0 or empty; any other row's are not negative.
 */
export function correctionProblem(gross: Scaled, units: number | undefined): string | undefined {
  if (units === undefined) return undefined;
  if (gross.unscaled < 0n && units > 0) return "positive units on a correction (negative distributor_gross): a correction's units are negative, 0 or empty";
  if (gross.unscaled >= 0n && units < 0) return "negative count (only a correction, with a negative distributor_gross, has negative units)";
  return undefined;
}
