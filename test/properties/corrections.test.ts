import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import type { CastList, Usage } from "../../src/domain/inputs.js";
import type { Line } from "../../src/domain/lines.js";
import { castFor, contractId, contractTerms, numbered, title, usage } from "./arbitraries.js";

/**
 * Corrections (calculation.md): a row with negative gross (and units) is the mirror of a
 * positive row of the same dates, so after any history, a row and its correction leave the
 * amounts on gross summing to zero, line by line and performer by performer.
 */

/** The row with its gross and units negated. */
const correctionOf = (row: Omit<Usage, "row">): Omit<Usage, "row"> => ({
  ...row,
  gross: { unscaled: -row.gross.unscaled, scale: row.gross.scale },
  ...(row.units === undefined ? {} : { units: row.units === 0 ? 0 : -row.units }),
});

/** Cents of the lines on gross (fixed periods are not affected by a correction), per performer. */
function onGross(lines: readonly Line[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const line of lines) {
    if (line.basis !== "distributor_gross" || line.amount === undefined) continue;
    const who = line.performerId ?? "";
    sums.set(who, (sums.get(who) ?? 0n) + line.amount);
  }
  return sums;
}

describe("corrections", () => {
  it("and their positive twin sum to zero, after any history, under every bundled contract", () => {
    fc.assert(
      fc.property(contractId, title("T"), castFor("T"), fc.array(usage(["T"]), { maxLength: 5 }), usage(["T"]), (id, theTitle, cast, history, twin) => {
        // The history comes first in date order; the twin after it.
        const start = Math.max(twin.start, ...history.map((row) => row.start));
        const positive = { ...twin, start, end: start + (twin.end - twin.start) };
        const rows = numbered([...history, positive, correctionOf(positive)]);
        const castList: CastList = new Map([["T", cast]]);
        const lines = calculateLedger(contractTerms(id), new Map([["T", theTitle]]), rows, castList);
        const last = rows.length;
        const twinLines = lines.filter((line) => line.usage.row === last - 1);
        const correctionLines = lines.filter((line) => line.usage.row === last);
        for (const line of correctionLines) expect(line.status === "payable", `${line.rule}: ${line.note}`).toBe(false);
        const sums = onGross([...twinLines, ...correctionLines]);
        for (const [who, cents] of sums) expect(cents, `performer "${who}"`).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });
});
