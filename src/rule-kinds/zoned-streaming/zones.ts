import { formatDay, overlapDays, type Day } from "../../domain/days.js";
import type { Title, Usage } from "../../domain/inputs.js";
import type { Draft } from "../../domain/lines.js";
import { valueOn, type ZonedStreamingRule } from "../../domain/terms.js";

const FAR_PAST = Number.MIN_SAFE_INTEGER;
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/** Which usage row claimed each fixed period of a title under one rule, indexed by period number. */
export type FixedPeriodsClaimed = (number | undefined)[];

/**
 * Ad-supported streaming by zones (docs/calculation.md): the window pays nothing, each fixed period
 * pays once (on the earliest row that reaches it), and the library pays a rate on the gross
 * attributed to its days. A fixed period whose rate is null on its first day is library instead.
 */
export function zonedStreamingDrafts(
  rule: ZonedStreamingRule,
  title: Title,
  usage: Usage,
  claimed: FixedPeriodsClaimed,
): Draft[] {
  const aired = title.firstAiredOn;
  if (aired === undefined) {
    return [{ type: "incomplete", rule: rule.id, note: "first_aired_on is missing (needed for the streaming window)" }];
  }
  const windowDays = title.firstSeason ? rule.window.firstSeasonDays : rule.window.days;
  const periods = rule.fixedPeriods;
  const periodRate = (title.market && periods.marketRates.get(title.market)) || periods.rate;
  const fixedStart = aired + windowDays;
  const libraryStart = fixedStart + periods.count * periods.days;
  const rowDays = usage.end - usage.start + 1;

  let drafts: Draft[] | undefined;
  let libraryDays = overlapDays(usage.start, usage.end, libraryStart, FAR_FUTURE);
  let libraryFirstDay: Day | undefined = libraryDays > 0 ? Math.max(usage.start, libraryStart) : undefined;

  for (let k = 1; k <= periods.count; k++) {
    const start = fixedStart + (k - 1) * periods.days;
    const end = start + periods.days - 1;
    const days = overlapDays(usage.start, usage.end, start, end);
    if (days === 0) continue;
    const rate = valueOn(periodRate, start).value;
    if (rate === null) {
      libraryDays += days;
      const first = Math.max(usage.start, start);
      libraryFirstDay = libraryFirstDay === undefined ? first : Math.min(libraryFirstDay, first);
      continue;
    }
    const zone = `fixed period ${k} of ${periods.count} after the ${windowLabel(windowDays)}`;
    const claimedBy = claimed[k];
    if (claimedBy !== undefined) {
      // "Due" rather than "paid": the claiming row may itself be incomplete (e.g. no residual_base).
      drafts = withDraft(drafts, { type: "zero", rule: rule.id, note: `${zone} already due on usage row ${claimedBy} (paid once per title)` });
      continue;
    }
    claimed[k] = usage.row;
    drafts = withDraft(drafts, { type: "fixed", rule: rule.id, rate, note: `${zone} (${formatDay(start)} .. ${formatDay(end)})` });
  }

  if (libraryDays > 0 && libraryFirstDay !== undefined) {
    const rate = valueOn(rule.library.rate, libraryFirstDay).value;
    drafts = withDraft(drafts, {
      type: "revenue",
      rule: rule.id,
      rate,
      note: `library from ${formatDay(libraryFirstDay)}, ${libraryDays} of ${rowDays} days`,
      gross: usage.gross,
      part: libraryDays === rowDays ? undefined : { count: libraryDays, of: rowDays, unit: "days" },
    });
  }

  if (drafts === undefined) {
    const windowEnd = fixedStart - 1;
    const inWindow = overlapDays(usage.start, usage.end, FAR_PAST, windowEnd);
    return [{ type: "zero", rule: rule.id, note: `within the ${windowLabel(windowDays)} after first broadcast (${inWindow} days to ${formatDay(windowEnd)})` }];
  }
  return drafts;
}

/** The window as notes name it; made only for a note that names it, not for every row (library rows do not). */
function windowLabel(days: number): string {
  return `${days}-day window`;
}

/**
 * `drafts` with `draft` added: most rows make one draft, and an array made with it has its
 * size, where one grown by push from empty reserves 16 slots.
 */
function withDraft(drafts: Draft[] | undefined, draft: Draft): Draft[] {
  if (drafts === undefined) return [draft];
  drafts.push(draft);
  return drafts;
}
