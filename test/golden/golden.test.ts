import { describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import { caseFiles, loadCaseFile, project, type GoldenCase } from "./golden-case.js";

/**
 * Runs every golden case of test/golden/cases/*.yaml (format: golden-case.ts). The expected
 * amounts there are worked out by hand from docs/calculation.md and the contract files' cited terms, with the
 * arithmetic in a comment beside each one.
 */
const files = caseFiles();
const loaded = files.map((file) => [file, loadCaseFile(file)] as const);

function check(golden: GoldenCase): void {
  const contract = loadContractRef(golden.contract).contract;
  const lines = calculateLedger(contract, golden.titles, golden.usage, golden.cast, golden.services ? { services: golden.services } : undefined);
  const seen = lines.map((line, index) => project(line, golden.expected[index]));
  expect(seen).toEqual(golden.expected);
  for (const line of lines) expect(line.contract).toBe(golden.contract);
}

describe("golden cases", () => {
  it("finds case files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const [file, cases] of loaded) {
    describe(file, () => {
      for (const golden of cases) it(golden.name, () => check(golden));
    });
  }

  it("covers every bundled contract of the first library", () => {
    const covered = new Set(loaded.flatMap(([, cases]) => cases.map((golden) => golden.contract)));
    for (const id of [
      "sag-2005",
      "amptp-2008-sag-final-offer",
      "sag-2009",
      "aftra-2008",
      "wga-2008",
      "dga-2008",
      "what-if-no-1974-cutoff",
    ]) {
      expect(covered, `no golden case for ${id}`).toContain(id);
    }
  });

  it("gives every case a unique name", () => {
    const names = loaded.flatMap(([file, cases]) => cases.map((golden) => `${file} ${golden.name}`));
    expect(new Set(names).size).toBe(names.length);
  });
});
