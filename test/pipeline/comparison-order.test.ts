import { beforeAll, describe, expect, it } from "vitest";
import { ComparisonSink, GROUPINGS } from "../../src/pipeline/comparison.js";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { ContractCalculator, chronologicalOrder } from "../../src/engine/calculator.js";
import type { Catalogue, Usage } from "../../src/domain/inputs.js";
import type { Line } from "../../src/domain/lines.js";
import { readCsv } from "../../src/io/csv/records.js";
import { renderComparisonStream, type ComparisonFormat } from "../../src/io/out/comparison-format.js";
import { readTitles } from "../../src/io/csv/titles.js";
import { UsageParser } from "../../src/io/csv/usage.js";

/**
 * compare's sink may be given rows in any order (the sorting pass gives them in date order):
 * its result must not depend on it.
 */
const CONTRACTS = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"].map((id) => loadContractRef(id).contract);
let computed: { usage: Usage; lines: Line[][] }[] = [];

beforeAll(async () => {
  const titles: Catalogue = (await readTitles("examples/titles.csv")).titles;
  const parser = new UsageParser("examples/usage.csv", titles);
  const rows: Usage[] = [];
  await readCsv("examples/usage.csv", (header) => parser.useHeader(header), (batch) => {
    for (const record of batch) rows.push(parser.parse(record) as Usage);
  });
  const calculators = CONTRACTS.map((contract) => new ContractCalculator(contract, titles));
  const byRow = new Map<Usage, Line[][]>();
  for (const usage of chronologicalOrder(rows)) byRow.set(usage, calculators.map((calculator) => calculator.linesFor(usage)));
  computed = rows.map((usage) => ({ usage, lines: byRow.get(usage)! }));
});

/** The comparison's pieces as text (rows written as bytes decoded). */
function pieces(sink: ComparisonSink, format: ComparisonFormat): string[] {
  const decoder = new TextDecoder();
  return [...renderComparisonStream(sink.resultStream(), format)].map((piece) => (typeof piece === "string" ? piece : decoder.decode(piece)));
}

function compared(order: readonly { usage: Usage; lines: Line[][] }[], by: (typeof GROUPINGS)[number]): string {
  const sink = new ComparisonSink(CONTRACTS, by);
  for (const { usage, lines } of order) sink.row(usage, lines);
  return pieces(sink, "json").join("");
}

describe("ComparisonSink", () => {
  it.each(GROUPINGS)("gives the same comparison by %s whatever the order of the rows", (by) => {
    const inOrder = compared(computed, by);
    expect(compared([...computed].reverse(), by)).toBe(inOrder);
    expect(compared(chronologicalOrder(computed.map((entry) => entry.usage)).map((usage) => computed.find((entry) => entry.usage === usage)!), by)).toBe(inOrder);
    expect(inOrder).toContain("cutoff");
  });
});

describe("compare's CSV, written as its rows are made", () => {
  it("comes a row at a time (header, each group, total), and reads as the whole comparison", () => {
    const sink = new ComparisonSink(CONTRACTS, "title");
    for (const { usage, lines } of computed) sink.row(usage, lines);
    const csv = pieces(sink, "csv");
    const groups = [...sink.resultStream().rows].length;
    expect(groups).toBeGreaterThan(5);
    expect(csv).toHaveLength(groups + 2);
    expect(csv.every((piece) => piece.endsWith("\n") && piece.indexOf("\n") === piece.length - 1)).toBe(true);
    expect(csv.join("")).toBe(pieces(sink, "csv").join(""));
    expect(csv.at(-1)).toMatch(/^total,/);
  });
});
