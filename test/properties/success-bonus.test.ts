import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import { parseDay } from "../../src/domain/days.js";
import type { Services, Title, Usage } from "../../src/domain/inputs.js";
import type { Line } from "../../src/domain/lines.js";
import { Dec } from "../../src/money/decimal.js";
import { contractTerms, numbered } from "./arbitraries.js";

/**
 * The success bonus (calculation.md): paid at most once per title per window, whatever the
 * order and the splitting of the rows; more hours never take a bonus away.
 */
const WGA = contractTerms("wga-2023");
const PREMIERE = parseDay("2024-03-01")!;
const TITLE: Title = { id: "E", kind: "new-media", producedOn: parseDay("2023-10-01")!, firstAiredOn: PREMIERE, runtimeMinutes: 60, budget: new Dec(5_000_000), firstSeason: false };
const CATALOGUE = new Map([[TITLE.id, TITLE]]);
const SERVICES: Services = new Map([["S", [{ asOf: parseDay("2024-01-01")!, subscribers: 10_000_000n }]]]);

/** A row of `days` days from `offset` after the premiere, with `perDay` hours a day. */
interface Piece {
  readonly offset: number;
  readonly days: number;
  readonly perDay: number;
}

const piece = fc.record({
  offset: fc.integer({ min: -30, max: 1200 }),
  days: fc.integer({ min: 1, max: 120 }),
  perDay: fc.integer({ min: 0, max: 60_000 }),
});

function rowsOf(pieces: readonly Piece[]): Usage[] {
  return numbered(
    pieces.map(({ offset, days, perDay }) => ({
      titleId: TITLE.id,
      medium: "subscription-streaming" as const,
      start: PREMIERE + offset,
      end: PREMIERE + offset + days - 1,
      gross: { unscaled: 0n, scale: 0 },
      service: "S",
      hoursViewed: { unscaled: BigInt(perDay * days), scale: 0 },
    })),
  );
}

/** The windows paid (by number), one entry per bonus line. */
function windowsPaid(lines: readonly Line[]): number[] {
  return lines.filter((line) => line.rule === "success-bonus" && line.status === "payable").map((line) => Number(/window (\d+)/.exec(line.note)![1]));
}

const paid = (pieces: readonly Piece[]) => windowsPaid(calculateLedger(WGA, CATALOGUE, rowsOf(pieces), undefined, { services: SERVICES }));

/** Each piece cut in two at a day inside it, its hours split by days. */
const cut = (pieces: readonly Piece[], at: readonly number[]): Piece[] =>
  pieces.flatMap((p, index) => {
    const first = 1 + (at[index % at.length]! % p.days);
    if (first >= p.days) return [p];
    return [
      { offset: p.offset, days: first, perDay: p.perDay },
      { offset: p.offset + first, days: p.days - first, perDay: p.perDay },
    ];
  });

describe("the success bonus", () => {
  it("is paid at most once per window, and for the same windows whatever the row order and the splitting of rows", () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), fc.nat(), (pieces, cuts, seed) => {
        const windows = paid(pieces);
        expect(new Set(windows).size).toBe(windows.length);
        const shuffled = [...pieces].sort((a, b) => ((a.offset * 31 + seed) % 97) - ((b.offset * 31 + seed) % 97));
        expect(paid(shuffled).sort()).toEqual([...windows].sort());
        const split = paid(cut(shuffled, cuts));
        expect(new Set(split).size).toBe(split.length);
        expect(split.sort()).toEqual([...windows].sort());
      }),
      { numRuns: 200 },
    );
  });

  it("is never taken away by more hours", () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), fc.nat(), fc.integer({ min: 1, max: 60_000 }), (pieces, which, more) => {
        const before = new Set(paid(pieces));
        const index = which % pieces.length;
        const after = new Set(paid(pieces.map((p, i) => (i === index ? { ...p, perDay: p.perDay + more } : p))));
        for (const window of before) expect(after.has(window)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
