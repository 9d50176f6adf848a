import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "residuals-explain-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(folder, name), text);
  return join(folder, name);
};

const titles = file(
  "titles.csv",
  ["title_id,kind,produced_on,first_aired_on,residual_base", "S,tv,2008-06-01,2009-01-01,20000", "F,feature,2007-01-01,2008-01-01,"].join("\n") + "\n",
);
const usage = file(
  "usage.csv",
  [
    "title_id,medium,period_start,period_end,distributor_gross,units",
    // Day 20 after first broadcast: fixed period 1 of the final offer.
    "S,ad-supported-streaming,2009-01-20,2009-01-20,0,",
    // Straddles the end of fixed period 2 (2010-01-16): 2010-01-17 .. 2010-02-01, 16 of 31 days, are library.
    "S,ad-supported-streaming,2010-01-02,2010-02-01,3100,",
    // 60,000 downloads from 40,000: crosses the 50,000 feature tier.
    "F,electronic-sell-through,2009-01-01,2009-03-31,60000,40000",
    "F,electronic-sell-through,2009-04-01,2009-06-30,30000,20000",
  ].join("\n") + "\n",
);
const cast = file("cast.csv", ["title_id,performer_id,tam,units", "S,guest,2833.33,1", "S,day,759.00,1", "F,lead,,3", "F,support,,1"].join("\n") + "\n");

describe("calc --explain", () => {
  it("spells out the zone, rate, base and arithmetic of every line", async () => {
    const result = await run(["calc", "--contract", "amptp-2008-sag-final-offer", "--titles", titles, "--usage", usage, "--cast", cast, "--explain", "--format", "csv"]);
    expect(result.code).toBe(0);
    const rows = Papa.parse<string[]>(result.stdout.trimEnd()).data;
    expect(rows[0]!.at(-1)).toBe("explanation");
    const explanations = rows.slice(1).map((row) => row.at(-1));
    expect(explanations).toEqual([
      "3% × applicable minimum (performer's TAM) 2,833.33 = 85.00 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))",
      "3% × applicable minimum (performer's TAM) 759.00 = 22.77 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))",
      "3% × applicable minimum (performer's TAM) 2,833.33 = 85.00 (fixed period 2 of 2 after the 17-day window (2009-07-19 .. 2010-01-16))",
      "3% × applicable minimum (performer's TAM) 759.00 = 22.77 (fixed period 2 of 2 after the 17-day window (2009-07-19 .. 2010-01-16))",
      // 0.06 × 3,100 × 16 ÷ 31 = 96.00, split 1 : 1
      "6% × distributor's gross 3,100.00 × 16 ÷ 31 days = pool 96.00; share by units 1 of 2 = 48.00 (library from 2010-01-17, 16 of 31 days)",
      "6% × distributor's gross 3,100.00 × 16 ÷ 31 days = pool 96.00; share by units 1 of 2 = 48.00 (library from 2010-01-17, 16 of 31 days)",
      "1.08% × distributor's gross 60,000.00 = pool 648.00; share by units 3 of 4 = 486.00 (tier 1 (units up to 50000))",
      "1.08% × distributor's gross 60,000.00 = pool 648.00; share by units 1 of 4 = 162.00 (tier 1 (units up to 50000))",
      "1.08% × distributor's gross 30,000.00 × 10,000 ÷ 20,000 units = pool 162.00; share by units 3 of 4 = 121.50 (tier 1 (units up to 50000), 10000 of 20000 units)",
      "1.08% × distributor's gross 30,000.00 × 10,000 ÷ 20,000 units = pool 162.00; share by units 1 of 4 = 40.50 (tier 1 (units up to 50000), 10000 of 20000 units)",
      "1.95% × distributor's gross 30,000.00 × 10,000 ÷ 20,000 units = pool 292.50; share by units 3 of 4 = 219.38 (tier 2 (units over 50000), 10000 of 20000 units)",
      "1.95% × distributor's gross 30,000.00 × 10,000 ÷ 20,000 units = pool 292.50; share by units 1 of 4 = 73.12 (tier 2 (units over 50000), 10000 of 20000 units)",
    ]);
  });
});
