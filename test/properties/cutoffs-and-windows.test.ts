import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import { formatDay, overlapDays, parseDay } from "../../src/domain/days.js";
import { payingRule } from "../../src/engine/eligibility.js";
import type { Title, Usage } from "../../src/domain/inputs.js";
import { centsText, scaledFromDec } from "../../src/money/scaled.js";
import { baseOf } from "../../src/domain/lines.js";
import { Dec } from "../../src/money/decimal.js";
import { valueOn } from "../../src/domain/terms.js";
import type { CutoffRule } from "../../src/rule-kinds/cutoff/cutoff.js";
import type { ZonedStreamingRule } from "../../src/rule-kinds/zoned-streaming/zoned-streaming.js";
import { bundledContractIds } from "../../src/contracts/bundled.js";
import { contractId, contractTerms, day, money, title, usage } from "./arbitraries.js";

/** Decimal arithmetic rounded half-up to cents, to check the engine's integer cents against. */
const toCents = (value: Dec) => value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
const cents = (amount: bigint | undefined) => (amount === undefined ? undefined : centsText(amount));

const linesOf = (id: string, t: Title, row: Omit<Usage, "row">) => calculateLedger(contractTerms(id), new Map([[t.id, t]]), [{ ...row, row: 1 } as Usage]);

/** What the contract file says, read directly: the first cutoff whose kinds, media and markets take the title. */
function expectedCutoff(id: string, t: Title, row: Omit<Usage, "row">): CutoffRule | undefined {
  return (contractTerms(id).cutoffs as readonly CutoffRule[]).find(
    (cutoff) =>
      cutoff.applies.kinds.has(t.kind) &&
      cutoff.applies.media.has(row.medium) &&
      (cutoff.applies.markets === undefined || (t.market !== undefined && cutoff.applies.markets.has(t.market))) &&
      t.producedOn < cutoff.producedBefore,
  );
}

/** Half the titles are produced on, or a day either side of, some contract's cutoff date. */
const CUTOFF_DAYS = [...new Set(bundledContractIds().flatMap((id) => (contractTerms(id).cutoffs as readonly CutoffRule[]).map((cutoff) => cutoff.producedBefore)))];
const titleNearCutoffs = fc.oneof(
  title("T"),
  fc.tuple(title("T"), fc.constantFrom(...CUTOFF_DAYS), fc.integer({ min: -1, max: 1 })).map(([t, cutoff, shift]) => ({ ...t, producedOn: cutoff + shift })),
);

describe("production-date cutoffs (property tests)", () => {
  it("a title produced before a cutoff gets one zero line naming it, checked before anything else; others never meet it", () => {
    fc.assert(
      fc.property(contractId, titleNearCutoffs, usage(["T"]), (id, t, row) => {
        const lines = linesOf(id, t, row);
        const cutoff = expectedCutoff(id, t, row);
        if (cutoff) {
          expect(lines.map((line) => [line.status, line.rule, cents(line.amount), line.note])).toEqual([
            ["zero", cutoff.id, "0.00", `produced ${formatDay(t.producedOn)}, before the ${formatDay(cutoff.producedBefore)} cutoff of ${id}`],
          ]);
        } else {
          const cutoffIds = new Set(contractTerms(id).cutoffs.map((c) => c.id));
          expect(lines.filter((line) => cutoffIds.has(line.rule))).toEqual([]);
        }
      }),
    );
  });

  it("every cutoff of every bundled contract: the day before it is excluded, the day itself is not", () => {
    for (const id of bundledContractIds()) {
      for (const cutoff of contractTerms(id).cutoffs as readonly CutoffRule[]) {
        for (const kind of cutoff.applies.kinds) {
          for (const medium of cutoff.applies.media) {
            const market = cutoff.applies.markets ? [...cutoff.applies.markets][0] : undefined;
            const produced = (producedOn: number): Title => ({ id: "T", kind, producedOn, firstAiredOn: producedOn + 60, firstSeason: false, ...(market ? { market } : {}) });
            const row = { titleId: "T", medium, start: parseDay("2009-01-01")!, end: parseDay("2009-01-31")!, gross: scaledFromDec(new Dec(1000)) };
            expect(linesOf(id, produced(cutoff.producedBefore - 1), row).map((line) => line.rule), `${id} ${cutoff.id}`).toEqual([cutoff.id]);
            expect(linesOf(id, produced(cutoff.producedBefore), row).map((line) => line.rule), `${id} ${cutoff.id}`).not.toContain(cutoff.id);
          }
        }
      }
    }
  });
});

/** A TV title that streams ad-supported, produced after every bundled cutoff. */
const streamedTitle = fc
  .record({ base: title("T"), aired: day(parseDay("1980-01-01")!, parseDay("2014-12-31")!), residualBase: money.filter((m) => !m.isZero()) })
  .map(({ base, aired, residualBase }): Title => ({ ...base, kind: "tv", producedOn: aired - 30, firstAiredOn: aired, residualBase }));

function zonedRule(id: string, t: Title): ZonedStreamingRule | undefined {
  const rule = payingRule(contractTerms(id), t, "ad-supported-streaming");
  return rule?.type === "zoned-streaming" && rule.budgetThreshold === undefined ? (rule as ZonedStreamingRule) : undefined;
}

describe("streaming windows and fixed periods (property tests)", () => {
  it("a single day pays nothing in the window, the fixed rate in fixed period k, the library rate after", () => {
    fc.assert(
      fc.property(contractId, streamedTitle, fc.integer({ min: -60, max: 900 }), money, (id, t, offset, gross) => {
        const rule = zonedRule(id, t);
        fc.pre(rule !== undefined);
        const aired = t.firstAiredOn!;
        const on = aired + offset;
        const lines = linesOf(id, t, { titleId: "T", medium: "ad-supported-streaming", start: on, end: on, gross: scaledFromDec(gross) });
        const windowDays = t.firstSeason ? rule!.window.firstSeasonDays : rule!.window.days;
        const fixedStart = aired + windowDays;
        const periods = rule!.fixedPeriods;
        const k = Math.floor((on - fixedStart) / periods.days) + 1;
        const periodRate = valueOn((t.market && periods.marketRates.get(t.market)) || periods.rate, fixedStart + (k - 1) * periods.days).value;
        expect(lines).toHaveLength(1);
        const line = lines[0]!;
        if (on < fixedStart) {
          expect([line.status, line.note.startsWith(`within the ${windowDays}-day window`)]).toEqual(["zero", true]);
        } else if (k <= periods.count && periodRate !== null) {
          expect([line.basis, line.rate?.toString(), cents(line.amount)]).toEqual(["applicable_minimum", periodRate.toString(), toCents(periodRate.times(t.residualBase!)).toFixed(2)]);
          expect(line.note).toContain(`fixed period ${k} of ${periods.count}`);
        } else {
          const rate = valueOn(rule!.library.rate, on).value;
          expect([line.basis, line.rate?.toString(), cents(line.amount)]).toEqual(["distributor_gross", rate.toString(), toCents(rate.times(gross)).toFixed(2)]);
        }
      }),
    );
  });

  it("a longer row bears the library rate on exactly the gross of its library days", () => {
    fc.assert(
      fc.property(contractId, streamedTitle, fc.integer({ min: -60, max: 900 }), fc.integer({ min: 1, max: 600 }), money, (id, t, offset, days, gross) => {
        const rule = zonedRule(id, t);
        fc.pre(rule !== undefined && rule.fixedPeriods.marketRates.size === 0 && rule.fixedPeriods.rate.steps.every((step) => step.value !== null));
        const start = t.firstAiredOn! + offset;
        const end = start + days - 1;
        const windowDays = t.firstSeason ? rule!.window.firstSeasonDays : rule!.window.days;
        const libraryStart = t.firstAiredOn! + windowDays + rule!.fixedPeriods.count * rule!.fixedPeriods.days;
        const libraryDays = overlapDays(start, end, libraryStart, Number.MAX_SAFE_INTEGER);
        const library = linesOf(id, t, { titleId: "T", medium: "ad-supported-streaming", start, end, gross: scaledFromDec(gross) }).filter((line) => line.basis === "distributor_gross");
        if (libraryDays === 0) expect(library).toEqual([]);
        else expect(library.map((line) => baseOf(line)!.toString())).toEqual([gross.times(libraryDays).dividedBy(days).toString()]);
      }),
    );
  });
});
