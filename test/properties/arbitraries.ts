import fc from "fast-check";
import { bundledContractIds, loadContractRef } from "../../src/contracts/bundled.js";
import { parseDay, type Day } from "../../src/domain/days.js";
import { scaledFromDec } from "../../src/money/scaled.js";
import type { CastMember, Title, Usage } from "../../src/domain/inputs.js";
import { Dec } from "../../src/money/decimal.js";
import type { Contract } from "../../src/domain/terms.js";
import { KINDS, MARKETS, MEDIA } from "../../src/domain/vocabulary.js";

/** Random inputs for the engine, within what the readers accept: dates, money ≥ 0, units ≥ 0. */

const CONTRACTS = new Map<string, Contract>(bundledContractIds().map((id) => [id, loadContractRef(id).contract]));
export const contractTerms = (id: string): Contract => CONTRACTS.get(id)!;

const FIRST_DAY = parseDay("1960-01-01")!;
const LAST_DAY = parseDay("2016-12-31")!;

export const day = (min: Day = FIRST_DAY, max: Day = LAST_DAY) => fc.integer({ min, max });

/** Cents as a Dec: 0.00 .. 10,000,000.00. */
export const money = fc.integer({ min: 0, max: 1_000_000_000 }).map((cents) => new Dec(cents).dividedBy(100));

export const title = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      producedOn: day(),
      airedAfter: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined, freq: 8 }),
      runtimeMinutes: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined, freq: 8 }),
      firstSeason: fc.boolean(),
      market: fc.option(fc.constantFrom(...MARKETS), { nil: undefined, freq: 8 }),
      budget: fc.option(money, { nil: undefined, freq: 4 }),
      residualBase: fc.option(money, { nil: undefined, freq: 4 }),
    })
    .map(({ airedAfter, producedOn, ...rest }): Title => {
      const entries = Object.entries({ ...rest, firstAiredOn: airedAfter === undefined ? undefined : producedOn + airedAfter }).filter(([, v]) => v !== undefined);
      return { id, producedOn, ...Object.fromEntries(entries) } as Title;
    });

export const usage = (titleIds: readonly string[]) =>
  fc
    .record({
      titleId: fc.constantFrom(...titleIds),
      medium: fc.constantFrom(...MEDIA),
      start: day(),
      days: fc.integer({ min: 1, max: 500 }),
      gross: money.map(scaledFromDec),
      units: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined, freq: 6 }),
    })
    .map(({ days, units, ...rest }) => ({ ...rest, end: rest.start + days - 1, ...(units === undefined ? {} : { units }) }));

/** Rows numbered 1, 2, 3 … as the readers number them. */
export const numbered = (rows: readonly Omit<Usage, "row">[]): Usage[] => rows.map((row, index) => ({ ...row, row: index + 1 }) as Usage);

export const castFor = (titleId: string) =>
  fc.array(
    fc.record({
      tam: fc.option(money.map(scaledFromDec), { nil: undefined, freq: 4 }),
      units: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => new Dec(n).dividedBy(10)), { nil: undefined, freq: 4 }),
    }),
    { maxLength: 4 },
  ).map((members) =>
    members.map((member, index): CastMember => {
      const entries = Object.entries(member).filter(([, v]) => v !== undefined);
      return { titleId, performerId: `P${index + 1}`, ...Object.fromEntries(entries) } as CastMember;
    }),
  );

/** A bundled contract's id (ids, not terms, so a counterexample stays readable). */
export const contractId = fc.constantFrom(...CONTRACTS.keys());
