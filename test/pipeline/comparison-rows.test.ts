import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ComparisonSink } from "../../src/pipeline/comparison.js";
import { loadContractRef } from "../../src/contracts/bundled.js";
import type { Usage } from "../../src/domain/inputs.js";
import type { ExclusionKind, Line } from "../../src/domain/lines.js";
import { comparisonCsvRows, renderComparisonStream } from "../../src/io/out/comparison-format.js";

/**
 * A worker writes its groups' CSV rows from their figures as plain numbers where it can
 * (comparisonCsvRows); the main thread writes rows from the rows made (renderComparisonStream).
 * Both must give the same bytes, whatever the amounts (zero baselines, negative differences,
 * sums past exact doubles), incomplete lines and deciding rules.
 */
const CONTRACTS = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"].map((id) => loadContractRef(id).contract);
const IDS = CONTRACTS.map((contract) => contract.id);

const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
  fc.constantFrom(0n, 1n, 50n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 60n),
);
const line = (signed: boolean) => fc.record({
  status: fc.constantFrom("payable" as const, "payable" as const, "zero" as const, "incomplete" as const),
  // The baseline's amounts are never negative (it divides); others' may be, as far as the sums go.
  amount: signed ? fc.tuple(amount, fc.boolean()).map(([value, negative]) => (negative ? -value : value)) : amount,
  exclusion: fc.option(fc.constantFrom<ExclusionKind>("cutoff", "no residual", "budget threshold", "no rule"), { nil: undefined, freq: 3 }),
  rule: fc.constantFrom("rule-a", "rule-b", ""),
});
const row = fc.record({ title: fc.constantFrom("T1", "T2", "T3", "=T4", "T,5"), lines: fc.tuple(...IDS.map((_, index) => fc.array(line(index > 0), { maxLength: 2 }))) });

describe("compare's rows by title, written from plain figures and from rows made", () => {
  const same = (sink: ComparisonSink) => {
    const decoder = new TextDecoder();
    for (const names of [false, true]) {
      const general = [...renderComparisonStream(sink.resultStream(), "csv", names)].map((piece) => (typeof piece === "string" ? piece : decoder.decode(piece)));
      // Header first, total last: the groups' rows between.
      expect(decoder.decode(comparisonCsvRows(sink, IDS, names).bytes)).toBe(general.slice(1, -1).join(""));
    }
  };

  it("name no deciding rule where the group's amounts come out equal", () => {
    // Each row pays differently under the two contracts, for an exclusion; the title's sums agree.
    const sink = new ComparisonSink(CONTRACTS, "title");
    const paid = (amount: bigint) => ({ status: "payable", amount, rule: "r" }) as unknown as Line;
    const excluded = { status: "zero", amount: 0n, rule: "cut", exclusion: "cutoff" } as unknown as Line;
    sink.row({ row: 1, titleId: "T1" } as Usage, [[paid(500n)], [excluded], [paid(500n)]]);
    sink.row({ row: 2, titleId: "T1" } as Usage, [[excluded], [paid(500n)], [paid(0n)]]);
    same(sink);
    const decoder = new TextDecoder();
    expect(decoder.decode(comparisonCsvRows(sink, IDS, false).bytes)).toBe("T1,5.00,5.00,0.00,0.00,5.00,0.00,0.00,,,\n");
  });

  it("are the same bytes", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const sink = new ComparisonSink(CONTRACTS, "title");
        rows.forEach(({ title, lines }, index) => {
          // Titles' names as the titles file may give them: none, plain, or text a spreadsheet would run.
          const name = { T1: undefined, T2: "Plain", T3: "=HYPERLINK(\"x\")", "=T4": "a, \"b\"", "T,5": "+1" }[title];
          const usage = { row: index + 1, titleId: title, ...(name === undefined ? {} : { title: { name } }) } as Usage;
          const made = lines.map((perContract) =>
            perContract.map((l) => ({ ...l, amount: l.status === "incomplete" ? undefined : l.status === "zero" ? 0n : l.amount, exclusion: l.status === "zero" ? l.exclusion : undefined }) as unknown as Line),
          );
          sink.row(usage, made);
        });
        same(sink);
      }),
      { numRuns: 300 },
    );
  });
});
