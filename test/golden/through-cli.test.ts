import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { centsText } from "../../src/money/scaled.js";
import { run } from "../cli/run-cli.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { loadCaseFile, type Cells, type GoldenCase } from "./golden-case.js";

/**
 * The golden cases of the 2023 terms and of corrections, run through the command line as a
 * user would: `calc` on the case written as CSV files, and `estimate` (one title, no cast) on
 * its usage file. Both must give the lines the engine gives (golden.test.ts).
 */
const FILES = ["streaming-2023.yaml", "corrections.yaml"];

function csv(records: readonly Cells[]): string {
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [columns.join(","), ...records.map((record) => columns.map((column) => cell(record[column] ?? "")).join(","))].join("\n") + "\n";
}

function caseFiles(golden: GoldenCase): { dir: string; args: string[] } {
  const { records } = golden;
  const files: Record<string, string> = { "titles.csv": csv(records.titles), "usage.csv": csv(records.usage) };
  if (records.cast) files["cast.csv"] = csv(records.cast);
  if (records.services) files["services.csv"] = csv(records.services);
  const dir = tempFiles(files);
  const args = ["--usage", join(dir, "usage.csv")];
  if (records.services) args.push("--services", join(dir, "services.csv"));
  return { dir, args };
}

/** The fields every expected line compares, and its rule where it names one. */
function expectedLines(golden: GoldenCase) {
  return golden.expected.map(({ row, status, amount, performer, rule }) => ({ row, status, amount, performer, ...(rule !== undefined ? { rule } : {}) }));
}

const TITLE_FLAGS: Record<string, string> = {
  kind: "--kind",
  produced_on: "--produced",
  first_aired_on: "--first-aired",
  runtime_minutes: "--runtime",
  market: "--market",
  budget: "--budget",
  residual_base: "--residual-base",
};

for (const file of FILES) {
  describe(`${file} through the command line`, () => {
    for (const golden of loadCaseFile(file)) {
      it(`calc: ${golden.name}`, async () => {
        const { dir, args } = caseFiles(golden);
        const cast = golden.records.cast ? ["--cast", join(dir, "cast.csv")] : [];
        const result = await run(["calc", "--contract", golden.contract, "--titles", join(dir, "titles.csv"), ...args, ...cast, "--format", "json", "--quiet"]);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const lines = JSON.parse(result.stdout) as { usage_row: number; status: string; amount: string | null; performer_id: string | null; rule: string }[];
        const expected = expectedLines(golden);
        expect(
          lines.map((line, index) => ({
            row: line.usage_row,
            status: line.status,
            amount: line.amount ?? "",
            performer: line.performer_id ?? "",
            ...(expected[index]?.rule !== undefined ? { rule: line.rule } : {}),
          })),
        ).toEqual(expected);
      });

      if (golden.records.titles.length !== 1 || golden.records.cast) continue;
      it(`estimate: ${golden.name}`, async () => {
        const { args } = caseFiles(golden);
        const title = golden.records.titles[0]!;
        const flags = Object.entries(TITLE_FLAGS).flatMap(([column, flag]) => (title[column] ? [flag, title[column]] : []));
        if (title.first_season === "true") flags.push("--first-season");
        const result = await run(["estimate", "--contract", golden.contract, ...flags, ...args, "--format", "json"]);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const estimate = JSON.parse(result.stdout) as { periods: { lines: { status: string; yours: string | null; rule: string }[] }[]; total: string };
        const lines = estimate.periods.flatMap((period, index) => period.lines.map((line) => ({ row: index + 1, ...line })));
        const expected = expectedLines(golden);
        expect(
          lines.map((line, index) => ({
            row: line.row,
            status: line.status,
            amount: line.yours ?? "",
            performer: "",
            ...(expected[index]?.rule !== undefined ? { rule: line.rule } : {}),
          })),
        ).toEqual(expected);
        // The total counts every amount, corrections included, and nothing without one.
        const cents = expected.reduce((sum, line) => sum + (line.amount === "" ? 0n : BigInt(line.amount.replace(".", ""))), 0n);
        expect(estimate.total).toBe(centsText(cents));
      });
    }
  });
}

describe("the 2023 terms on worker threads", () => {
  it("calc with --services gives the same bytes on two workers as on one thread", async () => {
    const cases = loadCaseFile("streaming-2023.yaml").filter((golden) => golden.contract === "wga-2023" && golden.records.cast === undefined);
    // Every case's records in one ledger, each case's title ids and services made its own.
    const own = (index: number, cells: Cells, keys: readonly string[]) =>
      Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, keys.includes(key) && value !== "" ? `c${index}-${value}` : value]));
    const titles = cases.flatMap((golden, index) => golden.records.titles.map((cells) => own(index, cells, ["title_id"])));
    const usage = cases.flatMap((golden, index) => golden.records.usage.map((cells) => own(index, cells, ["title_id", "service"])));
    const services = cases.flatMap((golden, index) => (golden.records.services ?? []).map((cells) => own(index, cells, ["service"])));
    const dir = tempFiles({ "titles.csv": csv(titles), "usage.csv": csv(usage), "services.csv": csv(services) });
    const args = ["calc", "--contract", "wga-2023", "--titles", join(dir, "titles.csv"), "--usage", join(dir, "usage.csv"), "--services", join(dir, "services.csv"), "--format", "csv"];
    const one = await run([...args, "--workers", "1"]);
    const two = await run([...args, "--workers", "2"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(",success-bonus,payable,,,,16415.00,");
    expect(two).toEqual(one);
  }, 30_000);
});
