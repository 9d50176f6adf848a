import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateLedger } from "../../src/engine/calculator.js";
import { PROFILES, profileNumber } from "../../src/engine/eligibility.js";
import type { Title } from "../../src/domain/inputs.js";
import { KINDS, MARKETS, MEDIA } from "../../src/domain/vocabulary.js";
import { contractId, contractTerms, numbered, title, usage } from "./arbitraries.js";

/**
 * A calculator works out what a contract does with a title once per profile (kind, market and
 * medium), not once per title: what it works out for one title must never leak into another's
 * lines, whatever titles share its profile and whatever order their rows come in.
 */
const IDS = ["A", "B", "C", "D"];
const catalogue = fc.tuple(...IDS.map((id) => title(id))).map((titles) => new Map<string, Title>(titles.map((t) => [t.id, t])));

describe("titles computed side by side (property tests)", () => {
  it("each title's lines are those it gets computed alone", () => {
    fc.assert(
      fc.property(contractId, catalogue, fc.array(usage(IDS), { minLength: 1, maxLength: 12 }), (id, titles, rows) => {
        const contract = contractTerms(id);
        const ledger = numbered(rows);
        const together = calculateLedger(contract, titles, ledger);
        for (const titleId of IDS) {
          const own = ledger.filter((row) => row.titleId === titleId);
          const alone = calculateLedger(contract, new Map([[titleId, titles.get(titleId)!]]), own);
          expect(together.filter((line) => line.usage.titleId === titleId)).toEqual(alone);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("profile numbers tell every kind, market (or none) and medium apart, below PROFILES", () => {
    const seen = new Set<number>();
    for (const kind of KINDS) {
      for (const market of [undefined, ...MARKETS]) {
        for (const medium of MEDIA) {
          const number = profileNumber({ id: "T", kind, producedOn: 0, firstSeason: false, ...(market ? { market } : {}) }, medium);
          expect(number).toBeGreaterThanOrEqual(0);
          expect(number).toBeLessThan(PROFILES);
          seen.add(number);
        }
      }
    }
    expect(seen.size).toBe(PROFILES);
  });
});
