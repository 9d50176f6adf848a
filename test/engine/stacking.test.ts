import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledRulesDir } from "../../src/contracts/bundled.js";
import { loadContract } from "../../src/contracts/load.js";
import { ContractError } from "../../src/contracts/problems.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import { parseDay } from "../../src/domain/days.js";
import type { Title, Usage } from "../../src/domain/inputs.js";
import { centsText, parseScaled } from "../../src/money/scaled.js";
import { tempFiles } from "../fixtures/temp-files.js";

/**
 * docs/calculation.md "Which rules compute a row": a rule marked adds_to_others computes its
 * own lines beside the paying rule's, in file order; overlaps are still an error where two
 * rules would pay the same thing.
 */
const contract = (rules: string) => `id: stacked
title: Stacked rules
guild: wga
status: scenario
term: { from: 2009-01-01 }
fixed_basis: residual_base
rules:
${rules}`;

const RESIDUAL = `  rental:
    type: revenue
    applies_to: { kinds: [feature], media: [rental] }
    rate: { value: 0.036, source: test, confidence: verified }
`;
const BONUS = `  bonus:
    type: revenue
    adds_to_others: true
    applies_to: { kinds: [feature], media: [rental, electronic-sell-through] }
    rate: { value: 0.01, source: test, confidence: verified }
`;
const CUTOFF = `  old:
    type: cutoff
    applies_to: { kinds: [feature], media: [rental] }
    produced_before: 1971-07-01
    source: test
    confidence: verified
`;

function load(text: string) {
  const dir = tempFiles({ "contract.yaml": text });
  try {
    return loadContract(join(dir, "contract.yaml"), { bundledDir: bundledRulesDir() }).contract;
  } catch (error) {
    if (error instanceof ContractError) throw new Error(error.message.replaceAll(dir, "<dir>"));
    throw error;
  }
}

const feature: Title = { id: "F", kind: "feature", producedOn: parseDay("2000-01-01")!, firstSeason: false };
const row = (medium: Usage["medium"], gross: string): Usage => ({
  row: 1,
  titleId: "F",
  medium,
  start: parseDay("2009-03-01")!,
  end: parseDay("2009-03-31")!,
  gross: parseScaled(gross)!,
  units: 10,
});
const linesOf = (text: string, usage: Usage, title = feature) =>
  calculateLedger(load(text), new Map([[title.id, title]]), [usage]).map((line) => [line.rule, line.status, line.amount === undefined ? "" : centsText(line.amount)]);

describe("rules that add to others", () => {
  it("pay their own line beside the paying rule's, in file order", () => {
    // 3.6% × 1,000.00 = 36.00; 1% × 1,000.00 = 10.00
    expect(linesOf(contract(RESIDUAL + BONUS), row("rental", "1000.00"))).toEqual([
      ["rental", "payable", "36.00"],
      ["bonus", "payable", "10.00"],
    ]);
    expect(linesOf(contract(BONUS + RESIDUAL), row("rental", "1000.00"))).toEqual([
      ["bonus", "payable", "10.00"],
      ["rental", "payable", "36.00"],
    ]);
  });

  it("where no rule pays in place of others, come after the line that says so", () => {
    // EST: only the bonus applies.
    expect(linesOf(contract(RESIDUAL + BONUS), row("electronic-sell-through", "1000.00"))).toEqual([
      ["", "zero", "0.00"],
      ["bonus", "payable", "10.00"],
    ]);
  });

  it("are stopped by a cutoff like every rule", () => {
    const old = { ...feature, producedOn: parseDay("1970-01-01")! };
    expect(linesOf(contract(CUTOFF + RESIDUAL + BONUS), row("rental", "1000.00"), old)).toEqual([["old", "zero", "0.00"]]);
  });

  it("still may not overlap each other at the same priority; a paying rule may not overlap another either", () => {
    const second = BONUS.replace("  bonus:", "  bonus-2:").replace("value: 0.01", "value: 0.02");
    expect(() => load(contract(RESIDUAL + BONUS + second))).toThrow(
      '<dir>/contract.yaml:20:5: rules.bonus-2.applies_to: overlaps rule "bonus" (both apply to feature on rental) with no priority between them',
    );
    const rival = RESIDUAL.replace("  rental:", "  rental-2:");
    expect(() => load(contract(RESIDUAL + BONUS + rival))).toThrow(
      '<dir>/contract.yaml:19:5: rules.rental-2.applies_to: overlaps rule "rental" (both apply to feature on rental) with no priority between them',
    );
  });
});
