import { formatDay, overlapDays, type Day } from "../../domain/days.js";
import type { Title, Usage } from "../../domain/inputs.js";
import type { Draft } from "../../domain/lines.js";
import { valueOn } from "../../domain/terms.js";
import type { RuleState } from "../state.js";
import type { Citation, Dated, RuleTerms } from "../../domain/terms.js";
import type { Market } from "../../domain/vocabulary.js";
import type { Dec } from "../../money/decimal.js";

/** Ad-supported streaming: free window, fixed periods paid once, then a library rate (docs/calculation.md). */
export interface ZonedStreamingRule extends RuleTerms {
  readonly type: "zoned-streaming";
  readonly window: { readonly days: number; readonly firstSeasonDays: number; readonly citation: Citation };
  readonly fixedPeriods: {
    readonly count: number;
    readonly days: number;
    /** null from a date: a period starting then is paid at the library rate instead. */
    readonly rate: Dated<Dec | null>;
    readonly marketRates: ReadonlyMap<Market, Dated<Dec | null>>;
    readonly citation: Citation;
  };
  readonly library: { readonly rate: Dated<Dec> };
}


const FAR_PAST = Number.MIN_SAFE_INTEGER;
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/**
 * Ad-supported streaming by zones (docs/calculation.md): the window pays nothing, each fixed period
 * pays once (on the earliest row that reaches it), and the library pays a rate on the gross
 * attributed to its days. A fixed period whose rate is null on its first day is library instead.
 * `claimed`: per fixed period k, 1 + the usage row it is due on (0: none yet).
 */
export function zonedStreamingDrafts(
  rule: ZonedStreamingRule,
  title: Title,
  usage: Usage,
  claimed: RuleState,
): Draft[] {
  const aired = title.firstAiredOn;
  if (aired === undefined) {
    return [{ type: "incomplete", rule: rule.id, missing: "first_aired_on", note: "first_aired_on is missing (needed for the streaming window)" }];
  }
  const windowDays = title.firstSeason ? rule.window.firstSeasonDays : rule.window.days;
  const periods = rule.fixedPeriods;
  const periodRate = (title.market && periods.marketRates.get(title.market)) || periods.rate;
  const fixedStart = aired + windowDays;
  const libraryStart = fixedStart + periods.count * periods.days;
  const rowDays = usage.end - usage.start + 1;
  const correction = usage.gross.unscaled < 0n;

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
    if (correction) {
      // A fixed residual does not depend on gross: a correction neither pays nor claims it.
      drafts = withDraft(drafts, { type: "zero", rule: rule.id, note: `${zone}: a correction does not affect a fixed period` });
      continue;
    }
    const claimedBy = claimed.number(k) - 1;
    if (claimedBy >= 0) {
      // "Due" rather than "paid": the claiming row may itself be incomplete (e.g. no residual_base).
      drafts = withDraft(drafts, { type: "zero", rule: rule.id, note: `${zone} already due on usage row ${claimedBy} (paid once per title)` });
      continue;
    }
    claimed.setNumber(k, usage.row + 1);
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
