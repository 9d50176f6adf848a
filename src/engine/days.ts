/**
 * Calendar dates as whole day numbers (days since 1970-01-01, UTC).
 * Contracts speak in whole days only, so no time of day or month arithmetic ever enters.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns undefined for anything else, including impossible dates. */
export function parseDay(text: string): Day | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Both ends inclusive. */
export function daysBetweenInclusive(start: Day, end: Day): number {
  return end - start + 1;
}

/** Days shared by two inclusive ranges (0 when they do not meet). */
export function overlapDays(aStart: Day, aEnd: Day, bStart: Day, bEnd: Day): number {
  const start = Math.max(aStart, bStart);
  const end = Math.min(aEnd, bEnd);
  return end >= start ? end - start + 1 : 0;
}
