import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Line } from "../../src/domain/lines.js";
import { LineTotals, TotalsGrid } from "../../src/pipeline/totals.js";

/** Only the fields the totals read. */
const line = (status: Line["status"], amount?: bigint) => ({ status, amount }) as unknown as Line;

describe("TotalsGrid", () => {
  it("counts lines by status and sums payable and adjustment cents per cell", () => {
    const grid = new TotalsGrid();
    const lines: [number, Line][] = [
      [0, line("payable", 12345n)],
      [1, line("zero", 0n)],
      [0, line("incomplete")],
      [1, line("payable", 1n)],
      [0, line("payable", 99n)],
      [1, line("not-modelled")],
      [0, line("adjustment", -45n)],
    ];
    for (const [cell, one] of lines) grid.add(cell, one);
    expect(grid.totals(0).toData()).toEqual({ lines: 4, payable: 2, zero: 0, incomplete: 1, notModelled: 0, adjustment: 1, amount: "123.99" });
    expect(grid.totals(1).toData()).toEqual({ lines: 3, payable: 1, zero: 1, incomplete: 0, notModelled: 1, adjustment: 0, amount: "0.01" });
  });

  it("grows to any cell and gives empty totals for a cell never added to", () => {
    const grid = new TotalsGrid();
    grid.add(1000, line("payable", 5n));
    expect(grid.totals(1000).amount).toBe(5n);
    const empty = new LineTotals().toData();
    expect(empty).toEqual({ lines: 0, payable: 0, zero: 0, incomplete: 0, notModelled: 0, adjustment: 0, amount: "0.00" });
    expect(grid.totals(999).toData()).toEqual(empty);
    expect(grid.totals(5000).toData()).toEqual(empty);
  });

  it("keeps a sum exact past the range of exact doubles, and past 64 bits", () => {
    const grid = new TotalsGrid();
    const big = 2n ** 62n;
    for (let i = 0; i < 4; i++) grid.add(3, line("payable", big));
    grid.add(3, line("payable", 7n));
    expect(grid.totals(3).amount).toBe(4n * big + 7n);
    grid.add(2, line("payable", 1n));
    expect(grid.totals(2).amount).toBe(1n);
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    grid.add(4, line("payable", safe - 1n));
    grid.add(4, line("payable", 1n));
    expect(grid.totals(4).amount).toBe(safe);
    grid.add(4, line("payable", 2n));
    grid.add(4, line("payable", 2n));
    expect(grid.totals(4).amount).toBe(safe + 4n);
    grid.add(5, line("payable", 2n ** 53n + 1n));
    expect(grid.totals(5).amount).toBe(2n ** 53n + 1n);
  });

  it("merges another grid's cells, as data, into the cells it is told", () => {
    const worker = new TotalsGrid();
    worker.add(0, line("payable", 1005n));
    worker.add(0, line("zero", 0n));
    worker.add(1, line("payable", 2n ** 62n));
    worker.add(1, line("payable", 2n ** 62n));
    const main = new TotalsGrid();
    main.add(5, line("payable", 150n));
    main.mergeData(worker.toData(2), (cell) => cell + 5);
    expect(main.totals(5).toData()).toEqual({ lines: 3, payable: 2, zero: 1, incomplete: 0, notModelled: 0, adjustment: 0, amount: "11.55" });
    expect(main.totals(6).amount).toBe(2n ** 63n);
    expect(main.totals(6).payable).toBe(2);
  });
});

describe("LineTotals", () => {
  it("sums payable amounts exactly, within and past the range of exact doubles", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 1n)), { maxLength: 30 }), (amounts) => {
        const totals = new LineTotals();
        for (const amount of amounts) totals.add(line("payable", amount));
        totals.add(line("zero", 0n));
        expect(totals.amount).toBe(amounts.reduce((sum, amount) => sum + amount, 0n));
        expect(totals.payable).toBe(amounts.length);
        const merged = new LineTotals();
        merged.add(line("adjustment", 5n));
        merged.merge(totals.toData());
        expect(merged.amount).toBe(totals.amount + 5n);
      }),
    );
  });
});
