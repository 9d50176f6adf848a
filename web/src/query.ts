import type { EstimateFields, PeriodFields } from "../../src/pipeline/estimate-request.js";
import { GUILDS } from "../../src/domain/vocabulary.js";

/**
 * The form as text, exactly as the address carries it: parameter names are the command line's
 * flags; the period parameters repeat, matched by position (the n-th `from` goes with the n-th
 * `medium`). An empty value is a field left blank.
 */
export interface FormValues {
  readonly single: Readonly<Record<SingleName, string>>;
  readonly periods: readonly Readonly<Record<PeriodName, string>>[];
}

export const SINGLE_NAMES = [
  "contract",
  "guild",
  "compare",
  "kind",
  "produced",
  "first-aired",
  "runtime",
  "first-season",
  "market",
  "budget",
  "residual-base",
  "tam",
  "share",
  "my-units",
  "total-units",
] as const;
export type SingleName = (typeof SINGLE_NAMES)[number];

export const PERIOD_NAMES = ["medium", "from", "to", "gross", "units", "hours-viewed", "service-subscribers"] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** What an empty address shows: the guild's contract in force, a TV program, one streaming period. */
export const DEFAULTS: Partial<Record<SingleName, string>> = { guild: "sag", kind: "tv" };
export const DEFAULT_PERIOD: Partial<Record<PeriodName, string>> = { medium: "ad-supported-streaming" };

export function emptyPeriod(): Record<PeriodName, string> {
  return Object.fromEntries(PERIOD_NAMES.map((name) => [name, DEFAULT_PERIOD[name] ?? ""])) as Record<PeriodName, string>;
}

export function valuesFromQuery(search: string): FormValues {
  const params = new URLSearchParams(search);
  const given = [...params.keys()].some((key) => (SINGLE_NAMES as readonly string[]).includes(key) || (PERIOD_NAMES as readonly string[]).includes(key));
  const single = Object.fromEntries(SINGLE_NAMES.map((name) => [name, params.get(name) ?? (given ? "" : (DEFAULTS[name] ?? ""))])) as Record<SingleName, string>;
  // Some contract is always chosen: by default the guild's in force on the dates.
  if (single.contract === "" && single.guild === "") single.guild = DEFAULTS.guild!;
  const count = Math.max(1, ...PERIOD_NAMES.map((name) => params.getAll(name).length));
  const periods = Array.from({ length: count }, (_, index) => {
    const period = emptyPeriod();
    for (const name of PERIOD_NAMES) {
      const all = params.getAll(name);
      if (all.length > 0 || given) period[name] = all[index] ?? "";
    }
    return period;
  });
  return { single, periods };
}

/** The address's query: blank fields left out; a period parameter is written for every period once any period has it. */
export function queryFromValues(values: FormValues): string {
  const params = new URLSearchParams();
  for (const name of SINGLE_NAMES) if (values.single[name] !== "") params.append(name, values.single[name]);
  for (const name of PERIOD_NAMES) {
    if (values.periods.some((period) => period[name] !== "")) for (const period of values.periods) params.append(name, period[name]);
  }
  return params.toString();
}

/** The use case's fields: blank is absent; a contract choice is a contract id or a guild (in force by date). */
export function fieldsOf(values: FormValues, side: "contract" | "compare" = "contract"): EstimateFields {
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  const { single } = values;
  const chosen = side === "compare" ? contractChoice(single.compare) : { contract: text(single.contract), guild: text(single.guild) };
  const fields: Record<string, unknown> = {
    ...chosen,
    kind: text(single.kind),
    produced: text(single.produced),
    "first-aired": text(single["first-aired"]),
    runtime: text(single.runtime),
    "first-season": /^(1|true|yes|on)$/i.test(single["first-season"]),
    market: text(single.market),
    budget: text(single.budget),
    "residual-base": text(single["residual-base"]),
    tam: text(single.tam),
    share: text(single.share),
    "my-units": text(single["my-units"]),
    "total-units": text(single["total-units"]),
    periods: values.periods.map((period) => {
      const fields: Record<string, string | undefined> = {};
      for (const name of PERIOD_NAMES) fields[name] = text(period[name]);
      return fields as PeriodFields;
    }),
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return fields as EstimateFields;
}

/** `compare=` holds a contract id or a guild's name (its contract in force on each period's dates). */
export function contractChoice(value: string): { contract?: string; guild?: string } {
  const trimmed = value.trim();
  if (trimmed === "") return {};
  return (GUILDS as readonly string[]).includes(trimmed) ? { guild: trimmed } : { contract: trimmed };
}
