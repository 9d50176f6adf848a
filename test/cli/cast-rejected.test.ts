import { readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";

const records = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

/**
 * A rejected cast record must not hand its performer's share of a pool to the others: the
 * title's pools become `incomplete` lines naming the record, on one thread as on workers.
 */
describe("a title with a rejected cast record", () => {
  const cast = readFileSync("examples/cast.csv", "utf8");
  const usage = readFileSync("examples/usage.csv", "utf8").trimEnd().split("\n");
  // In date order, so that two workers compute it (an unsorted ledger ends on one thread).
  const sorted = [usage[0]!, ...usage.slice(1).sort((a, b) => a.split(",")[2]!.localeCompare(b.split(",")[2]!))].join("\n") + "\n";
  const dir = tempFiles({
    "usage.csv": sorted,
    "cast.csv": cast,
    // SA-310's guest star: allocation units that are not a number.
    "bad-cast.csv": cast.replace("SA-310,P-1002,Ezra Vance (guest star),2833.33,2", "SA-310,P-1002,Ezra Vance (guest star),2833.33,two"),
  });
  const calc = (castFile: string, workers: string) =>
    run(["calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", join(dir, "usage.csv"), "--cast", join(dir, castFile), "--format", "csv", "--workers", workers]);

  it("gets its pools as incomplete lines naming the record, never split among the rest, on one thread as on workers", async () => {
    const clean = records((await calc("cast.csv", "1")).stdout);
    const result = await calc("bad-cast.csv", "1");
    expect(await calc("bad-cast.csv", "2")).toEqual(result);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`rejected: ${join(dir, "bad-cast.csv")}:3: record 2, column units: not a decimal number (value "two")\n`);
    const lines = records(result.stdout);
    const rejected = `${join(dir, "bad-cast.csv")} record 2 (line 3) is rejected`;

    // The pools that were shared (by units) are now one incomplete line each, with no amount.
    const cleanPools = clean.filter((line) => line.title_id === "SA-310" && line.basis === "distributor_gross");
    const pools = lines.filter((line) => line.title_id === "SA-310" && line.basis === "distributor_gross");
    expect(cleanPools.length).toBeGreaterThan(pools.length);
    expect(pools.length).toBeGreaterThan(0);
    for (const line of pools) {
      expect([line.status, line.amount, line.performer_id]).toEqual(["incomplete", "", ""]);
      expect(line.note).toMatch(new RegExp(`^cast ${rejected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, so the pool is not shared \\(`));
    }
    // Fixed residuals on each performer's own TAM are untouched; the rejected record's is incomplete.
    const tam = (from: Record<string, string>[]) => from.filter((line) => line.title_id === "SA-310" && line.basis === "applicable_minimum" && line.status !== "incomplete");
    expect(tam(lines).map((line) => [line.usage_row, line.performer_id, line.amount])).toEqual(
      tam(clean).filter((line) => line.performer_id !== "P-1002").map((line) => [line.usage_row, line.performer_id, line.amount]),
    );
    expect(lines.filter((line) => line.title_id === "SA-310" && line.basis === "applicable_minimum" && line.status === "incomplete").map((line) => line.note!.replace(/ \(fixed period.*\)$/, ""))).toEqual(
      Array(tam(clean).filter((line) => line.performer_id === "P-1002").length).fill(`tam is unknown: cast ${rejected}`),
    );
    // Other titles are as with the clean cast file.
    const others = (from: Record<string, string>[]) => from.filter((line) => line.title_id !== "SA-310").map(({ line: _n, ...rest }) => rest);
    expect(others(lines)).toEqual(others(clean));
  });
});
