import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../src/contracts/schema.js";
import { run } from "../cli/run-cli.js";
import { tempFiles } from "../fixtures/temp-files.js";

/**
 * Whatever `contracts validate` accepts, `calc` computes without an internal error, and one
 * usage row gives a bounded number of lines. The limits are in docs/contracts.md.
 */
const PARENT = "amptp-2008-sag-final-offer";
const STREAMING = "tv-ad-supported-streaming";
const SELL_THROUGH = "tv-electronic-sell-through";

/** A sparse diff over the final offer, changing one rule's keys. */
const diff = (rule: string, changes: Record<string, unknown>) => stringify({ id: "limits", extends: PARENT, rules: { [rule]: changes } });
const band = (upTo: string | undefined) => ({ ...(upTo !== undefined ? { up_to: upTo } : {}), rate: { value: "0.01", source: "test", confidence: "verified" } });

const TITLES = [
  "title_id,title,kind,produced_on,first_aired_on,runtime_minutes,first_season,market,budget,residual_base",
  "EARLY,Early,tv,1980-01-01,1980-01-01,60,yes,network-prime-time,,20000",
  "LATE,Late,tv,9999-01-01,9999-12-31,60,no,network-prime-time,,20000",
].join("\n");
const USAGE = [
  "title_id,medium,period_start,period_end,distributor_gross,units",
  "EARLY,ad-supported-streaming,1980-01-01,9999-12-31,1000000.00,",
  "LATE,ad-supported-streaming,9999-12-31,9999-12-31,1.00,",
  "EARLY,electronic-sell-through,2009-01-01,2009-01-31,1000.00,9007199254740991",
  "EARLY,electronic-sell-through,2009-02-01,2009-02-28,1000.00,9007199254740991",
  "LATE,electronic-sell-through,9999-12-01,9999-12-31,0.01,1",
].join("\n");

describe("contract limits", () => {
  const dir = tempFiles({ "titles.csv": TITLES, "usage.csv": USAGE });
  const contract = join(dir, "limits.yaml");
  const calc = () => run(["calc", "--contract", contract, "--titles", join(dir, "titles.csv"), "--usage", join(dir, "usage.csv"), "--format", "csv", "--quiet"]);

  it.each([
    ["a fractional unit threshold", diff(SELL_THROUGH, { tiers: { bands: [band("100000.5"), band(undefined)] } }), `rules.${SELL_THROUGH}.tiers.bands.0.up_to: with counter units, up_to is a whole number of units from 0 to 9007199254740991`],
    ["a unit threshold past what can be counted exactly", diff(SELL_THROUGH, { tiers: { bands: [band("9007199254740992"), band(undefined)] } }), `rules.${SELL_THROUGH}.tiers.bands.0.up_to: with counter units, up_to is a whole number of units from 0 to 9007199254740991`],
    ["21 tier bands", diff(SELL_THROUGH, { tiers: { bands: [...Array.from({ length: 20 }, (_, i) => band(String(i + 1))), band(undefined)] } }), `rules.${SELL_THROUGH}.tiers.bands: a tier table has at most 20 bands`],
    ["window days past any date", diff(STREAMING, { window: { days: "99999999999" } }), `rules.${STREAMING}.window.days: must be a whole number from 0 to 3653`],
    ["first-season window days", diff(STREAMING, { window: { first_season_days: "3654" } }), `rules.${STREAMING}.window.first_season_days: must be a whole number from 0 to 3653`],
    ["fixed period days past any date", diff(STREAMING, { fixed_periods: { days: "99999999999" } }), `rules.${STREAMING}.fixed_periods.days: must be a whole number from 1 to 3653`],
    ["a hundred million fixed periods", diff(STREAMING, { fixed_periods: { count: "100000000", days: "1" } }), `rules.${STREAMING}.fixed_periods.count: must be a whole number from 0 to 52`],
    ["a priority past the limit", diff(STREAMING, { priority: "99999999999999999999" }), `rules.${STREAMING}.priority: must be a whole number from 0 to 1000000`],
  ])("%s is refused by validate, and calc says so (exit 1, never an internal error)", async (_, text, message) => {
    writeFileSync(contract, text);
    const validated = await run(["contracts", "validate", contract]);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toMatch(new RegExp(`^${contract}:\\d+:\\d+: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`));
    const computed = await calc();
    expect([computed.code, computed.stderr.split("\n")[0]]).toEqual([1, validated.stderr.split("\n")[0]]);
  });

  it("anything within the limits computes, at most one line per fixed period and band for a row", async () => {
    const days = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const thresholds = fc
      .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat()), { minLength: 1, maxLength: LIMITS.tierBands - 1 })
      .map((values) => values.sort((a, b) => a - b).map(String));
    await fc.assert(
      fc.asyncProperty(
        days(0, LIMITS.windowDays),
        days(0, LIMITS.windowDays),
        days(0, LIMITS.fixedPeriods),
        days(1, LIMITS.periodDays),
        thresholds,
        async (window, firstSeason, count, periodDays, upTo) => {
          writeFileSync(
            contract,
            stringify({
              id: "limits",
              extends: PARENT,
              rules: {
                [STREAMING]: { window: { days: window, first_season_days: firstSeason }, fixed_periods: { count, days: periodDays } },
                [SELL_THROUGH]: { tiers: { bands: [...upTo.map((value) => band(value)), band(undefined)] } },
              },
            }),
          );
          expect((await run(["contracts", "validate", contract])).code).toBe(0);
          const computed = await calc();
          expect([computed.code, computed.stderr]).toEqual([0, ""]);
          const rows = Papa.parse<Record<string, string>>(computed.stdout, { header: true, skipEmptyLines: true }).data;
          const perRow = new Map<string, number>();
          for (const line of rows) perRow.set(line.usage_row!, (perRow.get(line.usage_row!) ?? 0) + 1);
          expect([...perRow.keys()].sort()).toEqual(["1", "2", "3", "4", "5"]);
          // A streaming row: its fixed periods and the library; a sell-through row: its bands.
          expect(Math.max(...perRow.values())).toBeLessThanOrEqual(Math.max(Number(count) + 1, upTo.length + 1));
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});
