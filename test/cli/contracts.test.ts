import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

describe("residuals contracts list", () => {
  it("lists the bundled contracts: id, guild, status, term, what it extends, title", async () => {
    const result = await run("contracts list");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchInlineSnapshot(`
      "id                          guild      status    term                      extends                     title
      --------------------------  ---------  --------  ------------------------  --------------------------  ---------------------------------------------------------------------------------
      aftra-2008                  aftra      ratified  2008-07-01 .. 2011-06-30                              AFTRA prime-time (Exhibit A) agreement, 2008
      amptp-2008-sag-final-offer  sag        offer     2008-07-01 .. 2011-06-30                              AMPTP "final offer" to SAG, June 30, 2008
      dga-2008                    dga        ratified  2008-07-01 .. 2011-06-30                              DGA Basic Agreement, 2008
      dga-2023                    dga        ratified  2023-07-01 .. 2026-06-30                              DGA Basic Agreement, 2023
      sag-2005                    sag        ratified  2005-07-01 .. 2009-06-09                              SAG TV/Theatrical agreement, 2005 (new-media treatment before the 2008 framework)
      sag-2009                    sag        ratified  2009-06-10 .. 2011-06-30  amptp-2008-sag-final-offer  SAG TV/Theatrical agreement, MOA as of June 10, 2009
      sag-aftra-2023              sag-aftra  ratified  2023-11-09 .. 2026-06-30                              SAG-AFTRA TV/Theatrical Agreement, 2023
      wga-2008                    wga        ratified  2008-02-13 .. 2011-05-01  dga-2008                    WGA Minimum Basic Agreement, 2008
      wga-2023                    wga        ratified  2023-09-25 .. 2026-05-01                              WGA Minimum Basic Agreement, 2023
      what-if-no-1974-cutoff      sag        scenario  2008-07-01 .. 2011-06-30  amptp-2008-sag-final-offer  Scenario: the final offer without the 1974 cutoff or the $25,000/minute threshold
      "
    `);
  });

  it("writes JSON for scripts", async () => {
    const result = await run("contracts list --format json");
    const list = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(list.find((entry) => entry.id === "sag-2009")).toEqual({
      id: "sag-2009",
      guild: "sag",
      status: "ratified",
      term_from: "2009-06-10",
      term_to: "2011-06-30",
      extends: "amptp-2008-sag-final-offer",
      title: "SAG TV/Theatrical agreement, MOA as of June 10, 2009",
    });
  });
});

describe("residuals contracts show", () => {
  it("shows a scenario as such, with what it inherits and what it removes", async () => {
    const result = await run("contracts show what-if-no-1974-cutoff");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "what-if-no-1974-cutoff: Scenario: the final offer without the 1974 cutoff or the $25,000/minute threshold
        status:      scenario (an analyst's illustration, not a published document)
        guild:       SAG  [inherited from amptp-2008-sag-final-offer]
        term:        2008-07-01 .. 2011-06-30  [inherited from amptp-2008-sag-final-offer]
        fixed basis: a percentage of each performer's total applicable minimum (TAM)  [inherited from amptp-2008-sag-final-offer]
        extends:     amptp-2008-sag-final-offer (a sparse diff: the file states only what differs)
        reference:   Analyst scenario; not a published document.
        files:       rules/what-if-no-1974-cutoff.yaml, rules/amptp-2008-sag-final-offer.yaml

      Illustrative only, not a published document: the AMPTP final offer with TV programs produced
      before July 1974 paid like any other, and made-for-new-media programs paid on consumer-pay
      media whatever their budget.

      Not modelled  [inherited from amptp-2008-sag-final-offer]:
        - Exhibitions that are not new media (free TV, pay TV, home video on discs).
        - Any cap on fixed residuals and the split of residuals between performers beyond the cast file's units.

      Removed from what it inherits:
        - rules.tv-produced-before-1974-no-streaming (by what-if-no-1974-cutoff)
        - rules.new-media-originals-consumer-pay.budget_threshold (by what-if-no-1974-cutoff)

      Rules, in the order they are checked (cutoffs first, then by priority):

      tv-ad-supported-streaming — ad-supported streaming by zones: window, fixed periods, then library  [inherited from amptp-2008-sag-final-offer]
        applies to: TV on ad-supported streaming
        Free window, then two 26-week fixed periods at 3% of TAM, then a % of gross.
        window: 17 days after first broadcast (24 in a series' first season); nothing is paid in it
          source: https://deadline.com/2008/09/unofficial-sag-negotiations-alert-sent-out-6921/ (verified)
        fixed periods: 2 of 182 days each after the window, each paid once
          source: https://deadline.com/2008/09/unofficial-sag-negotiations-alert-sent-out-6921/ (verified)
        fixed rate: 3% of the applicable minimum per period
          source: https://deadline.com/2008/09/unofficial-sag-negotiations-alert-sent-out-6921/ ($85 guest star, $22.77 day player) (verified)
        library (after the fixed periods): 6% of distributor's gross
          source: https://www.homemediamagazine.com/news/studios-reiterate-final-offer-actors-14030 (uncertain)
          note: The article's wording is garbled.

      feature-ad-supported-streaming — a percentage of distributor's gross  [inherited from amptp-2008-sag-final-offer]
        applies to: features on ad-supported streaming
        rate: 3.6% of distributor's gross
          source: https://www.homemediamagazine.com/news/studios-reiterate-final-offer-actors-14030 (uncertain)
          note: From the first day, no window.

      tv-electronic-sell-through — a percentage of distributor's gross  [inherited from amptp-2008-sag-final-offer]
        applies to: TV on EST
        tiers by the title's cumulative units (downloads)
          source: https://www.homemediamagazine.com/news/studios-reiterate-final-offer-actors-14030 (verified)
          up to 100,000: 1.08% of distributor's gross
            source: homemediamagazine 14030 (5.4% of 20%) (verified)
          over 100,000: 2.1% of distributor's gross
            source: homemediamagazine 14030 (10.5% of 20%) (verified)

      feature-electronic-sell-through — a percentage of distributor's gross  [inherited from amptp-2008-sag-final-offer]
        applies to: features on EST
        tiers by the title's cumulative units (downloads)
          source: https://www.homemediamagazine.com/news/studios-reiterate-final-offer-actors-14030 (verified)
          up to 50,000: 1.08% of distributor's gross
            source: homemediamagazine 14030 (5.4% of 20%) (verified)
          over 50,000: 1.95% of distributor's gross
            source: homemediamagazine 14030 (9.75% of 20%) (verified)

      rental-and-subscription-streaming — a percentage of distributor's gross  [inherited from amptp-2008-sag-final-offer]
        applies to: TV, features on rental, subscription streaming
        The "pay TV" rate.
        rate: 3.6% of distributor's gross
          source: https://www.amptp.org/statements/120408.html (uncertain)
          note: The AMPTP says most rates are "at or above the Pay TV rate".

      new-media-originals-consumer-pay — a percentage of distributor's gross  [changed here; the rest from amptp-2008-sag-final-offer]
        applies to: made-for-new-media programs on rental, EST, subscription streaming  [inherited from amptp-2008-sag-final-offer]
        Made-for-new-media programs pay on consumer-pay media whatever their budget (the offer's threshold removed).
        rate: 3.6% of distributor's gross  [inherited from amptp-2008-sag-final-offer]
          source: https://www.amptp.org/statements/071708.html (uncertain)

      new-media-originals-ad-supported — no residual  [inherited from amptp-2008-sag-final-offer]
        applies to: made-for-new-media programs on ad-supported streaming
        Ad-supported reuse of a made-for-new-media program pays nothing.
        nothing is due
          source: https://www.amptp.org/statements/072808.html (verified)
      "
    `);
  });

  it("shows every term of a contract with its source and confidence", async () => {
    const result = await run("contracts show sag-2005");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "sag-2005: SAG TV/Theatrical agreement, 2005 (new-media treatment before the 2008 framework)
        status:      ratified (an agreement that was in force)
        guild:       SAG
        term:        2005-07-01 .. 2009-06-09
        fixed basis: a percentage of each performer's total applicable minimum (TAM)
        reference:   https://www.amptp.org/statements/071708.html
        files:       rules/sag-2005.yaml

      The contract that expired on 2008-06-30 and stayed in force until the 2009 deal. New media
      existed in it only as home video (downloads) and pay TV (rentals and subscriptions); it paid
      nothing for ad-supported streaming or for programs made for new media.

      Not modelled:
        - Exhibitions that are not new media.

      Rules, in the order they are checked (cutoffs first, then by priority):

      ad-supported-streaming-not-covered — no residual
        applies to: TV, features on ad-supported streaming
        Ad-supported streaming was not covered by the 2005 contract.
        nothing is due
          source: https://www.amptp.org/statements/071708.html (verified)

      electronic-sell-through-home-video-formula — a percentage of distributor's gross
        applies to: TV, features on EST
        The home-video formula: 4.5% of the first $1,000,000 of producer's gross and 5.4% after, where producer's gross is 20% of distributor's gross; that is 0.9% of the first $5,000,000 of cumulative distributor's gross per title and 1.08% after.
        tiers by the title's cumulative distributor's gross
          source: widely reported home-video formula (no stored primary source) (uncertain)
          up to $5,000,000.00: 0.9% of distributor's gross
            source: home-video formula: 4.5% × 20% (uncertain)
          over $5,000,000.00: 1.08% of distributor's gross
            source: home-video formula: 5.4% × 20% (uncertain)

      rental-and-subscription-pay-tv-formula — a percentage of distributor's gross
        applies to: TV, features on rental, subscription streaming
        The pay-TV formula.
        rate: 3.6% of distributor's gross
          source: widely reported pay-TV formula (no stored primary source) (uncertain)

      new-media-originals-not-covered — no residual
        applies to: made-for-new-media programs on ad-supported streaming, subscription streaming, rental, EST
        Programs made for new media were not covered by the 2005 contract.
        nothing is due
          source: https://www.amptp.org/statements/071708.html (verified)
      "
    `);
  });

  it("says which terms a diff changes and which it takes over", async () => {
    const { stdout } = await run("contracts show wga-2008");
    expect(stdout).toContain("tv-produced-before-1977 — cutoff by production date\n");
    expect(stdout).toContain("fixed basis: a percentage of the program's residual base  [inherited from dga-2008]\n");
    expect(stdout).toContain(
      "tv-ad-supported-streaming — ad-supported streaming by zones: window, fixed periods, then library  [changed here; the rest from dga-2008]\n",
    );
    expect(stdout).toContain("    from 2010-05-02: no fixed period: the library rate applies from the window's end\n");
    expect(stdout).toContain("  - rules.tv-ad-supported-streaming.library.rate.note (by wga-2008)\n");
  });

  it("shows a contract given as a file", async () => {
    const result = await run("contracts show rules/dga-2008.yaml");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("dga-2008: DGA Basic Agreement, 2008");
  });

  it("names an unknown contract id, with the nearest ones (exit 2)", async () => {
    expect(await run("contracts show sag-2012")).toEqual({
      code: 2,
      stdout: "",
      stderr: 'residuals: contracts show: no bundled contract "sag-2012" (did you mean sag-2005 or sag-2009?)\n',
    });
  });
});

describe("residuals contracts validate", () => {
  const folder = mkdtempSync(join(tmpdir(), "residuals-validate-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const misplaced = join(folder, "misplaced.yaml");
  writeFileSync(
    misplaced,
    [
      "id: misplaced",
      "title: An offer with the fixed rate under the window",
      "guild: sag",
      "status: offer",
      "term: { from: 2008-07-01 }",
      "fixed_basis: tam",
      "rules:",
      "  tv-streaming:",
      "    type: zoned-streaming",
      "    applies_to: { kinds: [tv], media: [ad-supported-streaming] }",
      "    window:",
      "      days: 17",
      "      first_season_days: 24",
      "      rate: 0.03",
      "      source: a summary",
      "      confidence: verified",
      "    fixed_periods:",
      "      count: 2",
      "      days: 182",
      "      source: a summary",
      "      confidence: verified",
      "      rate: { value: 0.03, source: a summary, confidence: verified }",
      "    library:",
      "      rate: { value: 0.06, source: a summary, confidence: uncertain }",
      "",
    ].join("\n"),
  );

  it("says a valid file is valid (exit 0)", async () => {
    expect(await run("contracts validate rules/what-if-no-1974-cutoff.yaml")).toEqual({
      code: 0,
      stdout: "rules/what-if-no-1974-cutoff.yaml: valid\n",
      stderr: "",
    });
  });

  it("names the file, line, column and key path of a misplaced key (exit 1)", async () => {
    expect(await run(["contracts", "validate", misplaced])).toEqual({
      code: 1,
      stdout: "",
      stderr: `${misplaced}:14:7: rules.tv-streaming.window.rate: unknown key "rate"\n`,
    });
  });

  it("checks every file given and fails if one fails", async () => {
    const result = await run(["contracts", "validate", misplaced, "rules/dga-2008.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("rules/dga-2008.yaml: valid\n");
  });
});

describe("residuals contracts schema", () => {
  it("prints the JSON Schema that rules/contract.schema.json holds", async () => {
    const result = await run("contracts schema");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync("rules/contract.schema.json", "utf8"));
  });
});

describe("usage errors of residuals contracts (exit 2, one line naming what is wrong)", () => {
  it.each([
    ["contracts", "residuals: contracts needs an action: list, show, validate, schema\n"],
    ["contracts frob", 'residuals: "frob" is not one of list, show, validate, schema\n'],
    ["contracts show", "residuals: contracts show takes one contract id or file\n"],
    ["contracts show sag-2005 dga-2008", "residuals: contracts show takes one contract id or file\n"],
    ["contracts validate", "residuals: contracts validate needs a contract file\n"],
    ["contracts list sag-2005", 'residuals: contracts list takes no argument (got "sag-2005")\n'],
    ["contracts schema sag-2005", 'residuals: contracts schema takes no argument (got "sag-2005")\n'],
    ["contracts show sag-2005 --format json", "residuals: --format applies to contracts list only\n"],
    ["contracts list --format xml", 'residuals: --format: "xml" is not one of table, json\n'],
    ["contracts list --verbose", "residuals: unknown option --verbose\n"],
  ])("%s", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: message });
  });
});
