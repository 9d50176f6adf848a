import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import type { CastList, CastMember, Title, Usage } from "../../src/domain/inputs.js";
import { decOf, scaledFromDec } from "../../src/money/scaled.js";
import type { Line } from "../../src/domain/lines.js";
import { Dec } from "../../src/money/decimal.js";
import { castFor, contractId, contractTerms, money, numbered, title, usage } from "./arbitraries.js";

/** The sum of the lines' amounts (cents), as money. */
const total = (lines: readonly Line[]) => new Dec(lines.reduce((sum, line) => sum + (line.amount ?? 0n), 0n).toString()).dividedBy(100);

function run(id: string, titles: readonly Title[], rows: readonly Usage[], cast?: CastList): Line[] {
  return calculateLedger(contractTerms(id), new Map(titles.map((t) => [t.id, t])), rows, cast);
}

/** Each line is rounded once, to the half cent either way: so much may two ways of computing differ. */
const roundingAllowance = (lineCount: number) => new Dec("0.005").times(lineCount);

const oneTitle = fc.record({ terms: contractId, title: title("T"), cast: fc.option(castFor("T"), { nil: undefined }) });
const castList = (cast: readonly CastMember[] | undefined): CastList | undefined => (cast ? new Map([["T", cast]]) : undefined);

describe("amounts (property tests over every bundled contract)", () => {
  it("are never negative, and every row gets at least one line", () => {
    fc.assert(
      fc.property(
        contractId,
        fc.tuple(title("A"), title("B")),
        fc.tuple(castFor("A"), castFor("B")),
        fc.array(usage(["A", "B"]), { minLength: 1, maxLength: 8 }),
        (terms, titles, [castA, castB], rows) => {
          const ledger = numbered(rows);
          const lines = run(terms, titles, ledger, new Map([["A", castA], ["B", castB]]));
          for (const line of lines) {
            if (line.status === "incomplete") expect(line.amount).toBeUndefined();
            else expect(line.amount! < 0n, `${line.rule}: ${line.amount}`).toBe(false);
          }
          expect(new Set(lines.map((line) => line.usage.row)).size).toBe(ledger.length);
        },
      ),
    );
  });

  it("more gross never pays less", () => {
    fc.assert(
      fc.property(oneTitle, usage(["T"]), money, ({ terms, title: t, cast }, row, more) => {
        const [less] = numbered([row]);
        const greater = { ...less!, gross: scaledFromDec(decOf(less!.gross).plus(more)) };
        const castMap = castList(cast);
        expect(total(run(terms, [t], [greater], castMap)).greaterThanOrEqualTo(total(run(terms, [t], [less!], castMap)))).toBe(true);
      }),
    );
  });

  it("splitting a row in two by days changes the total by no more than rounding", () => {
    fc.assert(
      fc.property(
        oneTitle,
        fc.array(usage(["T"]), { maxLength: 4 }),
        usage(["T"]),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        ({ terms, title: t, cast }, history, row, at, unitsPerDay) => {
          fc.pre(row.end > row.start);
          // Earlier rows only: the split pieces must stay last in chronological order.
          const before = history.filter((h) => h.start < row.start);
          const days = row.end - row.start + 1;
          const firstDays = 1 + Math.floor(at * (days - 1));
          const firstGross = decOf(row.gross).times(firstDays).dividedBy(days);
          const first = { ...row, end: row.start + firstDays - 1, gross: scaledFromDec(firstGross) };
          const second = { ...row, start: row.start + firstDays, gross: scaledFromDec(decOf(row.gross).minus(firstGross)) };
          // Units go with the days too (evenly, so they split into whole numbers), keeping the gross per unit.
          const whole = row.units === undefined ? row : { ...row, units: unitsPerDay * days };
          if (row.units !== undefined) {
            Object.assign(first, { units: unitsPerDay * firstDays });
            Object.assign(second, { units: unitsPerDay * (days - firstDays) });
          }
          compareSplit(terms, t, castList(cast), before, whole, [first, second]);
        },
      ),
    );
  });

  it("splitting a row in two by units changes the total by no more than rounding", () => {
    fc.assert(
      fc.property(
        oneTitle,
        fc.array(usage(["T"]), { maxLength: 4 }),
        // Units matter for sell-through, whose rate is tiered by cumulative downloads.
        usage(["T"]).map((row) => ({ ...row, medium: "electronic-sell-through" as const })),
        fc.integer({ min: 1, max: 300_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ terms, title: t, cast }, history, row, units, at) => {
          const before = history.filter((h) => h.start < row.start);
          const firstUnits = Math.floor(at * units);
          const firstGross = decOf(row.gross).times(firstUnits).dividedBy(units);
          const whole = { ...row, units };
          const first = { ...row, units: firstUnits, gross: scaledFromDec(firstGross) };
          const second = { ...row, units: units - firstUnits, gross: scaledFromDec(decOf(row.gross).minus(firstGross)) };
          compareSplit(terms, t, castList(cast), before, whole, [first, second]);
        },
      ),
    );
  });
});

function compareSplit(terms: string, t: Title, cast: CastList | undefined, before: readonly Omit<Usage, "row">[], whole: Omit<Usage, "row">, pieces: readonly Omit<Usage, "row">[]): void {
  const original = run(terms, [t], numbered([...before, whole]), cast);
  const split = run(terms, [t], numbered([...before, ...pieces]), cast);
  const difference = total(original).minus(total(split)).abs();
  expect(difference.lessThanOrEqualTo(roundingAllowance(original.length + split.length)), `${total(original)} vs ${total(split)}`).toBe(true);
}
