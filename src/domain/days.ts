/**
 * Calendar dates as whole day numbers (days since 1970-01-01, UTC).
 * Contracts speak in whole days only, so no time of day or month arithmetic ever enters.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48; // "0"

/**
 * Parses `YYYY-MM-DD`; returns undefined for anything else, including impossible dates.
 * Read digit by digit: ledgers have two dates a row, so this is on the hot path.
 */
export function parseDay(text: string): Day | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  return dayOf(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
}

/** The day of a year, month and date of the month (-1 for any that was not digits); undefined for an impossible date. */
export function dayOf(year: number, month: number, date: number): Day | undefined {
  if (year < 1 || month < 1 || month > 12 || date < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (date > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  return daysFromCivil(year, month, date);
}

/** The number a run of ASCII digits spells, or -1 if any is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, date: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Output repeats the same few dates: their text is kept for days from 1900 to 2100, in an
// array filled from the start (one first written at a far index would be a slow sparse one).
const CACHE_FROM = daysFromCivil(1900, 1, 1);
const CACHE_TO = daysFromCivil(2100, 12, 31);
const dayTexts = new Array<string | undefined>(CACHE_TO - CACHE_FROM + 1).fill(undefined);

export function formatDay(day: Day): string {
  if (day < CACHE_FROM || day > CACHE_TO) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const index = day - CACHE_FROM;
  let text = dayTexts[index];
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dayTexts[index] = text;
  }
  return text;
}

/** Days shared by two inclusive ranges (0 when they do not meet). */
export function overlapDays(aStart: Day, aEnd: Day, bStart: Day, bEnd: Day): number {
  const start = Math.max(aStart, bStart);
  const end = Math.min(aEnd, bEnd);
  return end >= start ? end - start + 1 : 0;
}
