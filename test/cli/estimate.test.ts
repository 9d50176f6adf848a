import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

const OFFER_TV = "estimate --contract amptp-2008-sag-final-offer --kind tv --produced 2008-06-01 --first-aired 2009-01-01";
/** Day 20 after the first broadcast of 2009-01-01: inside fixed period 1 after the 17-day window. */
const DAY_20 = "--medium ad-supported-streaming --from 2009-01-20 --to 2009-01-20";
const DGA_HOUR =
  "estimate --contract dga-2008 --kind tv --market network-prime-time --runtime 60 --produced 2008-09-01 --first-aired 2009-01-01 --residual-base 20000";
/** The first year after the window, as its two fixed periods. */
const FIRST_YEAR =
  "--medium ad-supported-streaming --from 2009-01-18 --to 2009-07-18 --medium ad-supported-streaming --from 2009-07-19 --to 2010-01-16";

describe("residuals estimate reproduces the published figures", () => {
  it("final offer, guest star, TAM 2,833.33: $85.00 for a fixed period", async () => {
    expect(await run(`${OFFER_TV} ${DAY_20} --tam 2833.33`)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Title: tv produced 2008-06-01, first aired 2009-01-01",
        "You: TAM 2,833.33, no share given (pooled amounts counted whole)",
        'Contract: amptp-2008-sag-final-offer (offer, 2008-07-01 .. 2011-06-30): AMPTP "final offer" to SAG, June 30, 2008',
        "",
        "Period 1: ad-supported streaming 2009-01-20 .. 2009-01-20, distributor's gross not given",
        "  85.00  3% × your TAM 2,833.33 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))",
        "",
        "Your total: 85.00",
        "",
      ].join("\n"),
    });
  });

  it("final offer, day player, TAM 759: $22.77", async () => {
    const { code, stdout } = await run(`${OFFER_TV} ${DAY_20} --tam 759`);
    expect(code).toBe(0);
    expect(stdout).toContain("\n  22.77  3% × your TAM 759.00 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))\n");
    expect(stdout).toContain("\nYour total: 22.77\n");
  });

  it("DGA, network prime-time hour, residual base 20,000: $1,200 for the first year, two periods of $600", async () => {
    expect(await run(`${DGA_HOUR} ${FIRST_YEAR}`)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Title: tv produced 2008-09-01, first aired 2009-01-01, network-prime-time, 60 minutes, residual base 20,000.00",
        "You: no share given (pooled amounts counted whole)",
        "Contract: dga-2008 (ratified, 2008-07-01 .. 2011-06-30): DGA Basic Agreement, 2008",
        "",
        "Period 1: ad-supported streaming 2009-01-18 .. 2009-07-18, distributor's gross not given",
        "  600.00  3% × residual base 20,000.00 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))",
        "",
        "Period 2: ad-supported streaming 2009-07-19 .. 2010-01-16, distributor's gross not given",
        "  600.00  3% × residual base 20,000.00 (fixed period 2 of 2 after the 17-day window (2009-07-19 .. 2010-01-16))",
        "",
        "Your total: 1,200.00",
        "",
      ].join("\n"),
    });
  });

  it("writes JSON for scripts", async () => {
    const json = JSON.parse((await run(`${OFFER_TV} ${DAY_20} --tam 2833.33 --format json`)).stdout);
    expect(json.total).toBe("85.00");
    expect(json.you).toEqual({ tam: "2833.33", share: null });
    expect(json.periods[0].lines).toEqual([
      {
        rule: "tv-ad-supported-streaming",
        status: "payable",
        kind: "own",
        rate: "0.03",
        base: "2833.33",
        pool: null,
        yours: "85.00",
        note: "fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18)",
        explanation: "3% × your TAM 2,833.33 (fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))",
        give: null,
      },
    ]);
  });
});

describe("residuals estimate: the actor's share of pooled amounts", () => {
  it("cuts a pool to the share, rounding once half-up to cents", async () => {
    // 3.6% × 2,780.55 = 100.0998 → pool 100.10; × 0.25 = 25.025 → 25.03.
    const { stdout } = await run(`${OFFER_TV} --medium rental --from 2009-03-01 --to 2009-03-31 --gross 2780.55 --share 0.25`);
    expect(stdout).toContain("\n  25.03  3.6% × distributor's gross 2,780.55 = pool 100.10 × your share 0.25 (3.6% of distributor's gross)\n");
  });

  it("takes the share as units of a pool, and splits rows across download tiers", async () => {
    const { stdout } = await run(
      `${OFFER_TV} --medium electronic-sell-through --from 2009-03-01 --to 2009-03-31 --gross 300000 --units 150000 --my-units 1 --total-units 3`,
    );
    expect(stdout).toContain("You: share of pooled amounts 1 of 3 units\n");
    expect(stdout).toContain("\n  720.00  1.08% × distributor's gross 300,000.00 × 100000 ÷ 150000 units = pool 2,160.00 × your share 1 of 3 units");
    expect(stdout).toContain("\n  700.00  2.1% × distributor's gross 300,000.00 × 50000 ÷ 150000 units = pool 2,100.00 × your share 1 of 3 units");
    expect(stdout).toContain("\nYour total: 1,420.00\n");
  });

  it("says when a percentage of gross is counted whole for want of a share", async () => {
    const { stdout } = await run(`${OFFER_TV} --medium rental --from 2009-03-01 --to 2009-03-31 --gross 1000`);
    expect(stdout).toContain(
      "\nNote: no share given: percentages of distributor's gross are the title's pool, counted whole here; give --share, or --my-units with --total-units, for your part.\n",
    );
  });

  it("names the flag that an incomplete line needs", async () => {
    const { code, stdout } = await run(`estimate --contract sag-2009 --kind tv --produced 2008-06-01 ${DAY_20} --tam 759`);
    expect(code).toBe(0);
    expect(stdout).toContain("\n  —  incomplete: --first-aired is missing (needed for the streaming window)\n");
    expect(stdout).toContain("\nYour total: 0.00 (1 incomplete line not counted)\n");
  });
});

describe("residuals estimate --guild: the contract in force on each date", () => {
  it("takes the expired 2005 contract until the 2009 deal starts, and shows the choice", async () => {
    const { stdout } = await run(
      "estimate --guild sag --kind tv --produced 2008-06-01 --first-aired 2009-01-01 --tam 2833.33 " +
        "--medium ad-supported-streaming --from 2009-01-20 --to 2009-01-20 --medium ad-supported-streaming --from 2009-07-20 --to 2009-07-20",
    );
    expect(stdout).toContain("Contract: the ratified SAG contract in force on each period's first day\n");
    expect(stdout).toContain(
      "Period 1: ad-supported streaming 2009-01-20 .. 2009-01-20, distributor's gross not given\n  under sag-2005 (in force 2005-07-01 .. 2009-06-09)\n   0.00  nothing due: Ad-supported streaming was not covered by the 2005 contract.\n",
    );
    expect(stdout).toContain("  under sag-2009 (in force 2009-06-10 .. 2011-06-30)\n  85.00  3% × your TAM 2,833.33 (fixed period 2 of 2");
    expect(stdout).toContain("Note: each contract counts fixed periods and download tiers over its own periods only.\n");
  });

  it("keeps an expired contract in force when no successor has started", async () => {
    const { stdout } = await run(`estimate --guild dga --kind tv --produced 2010-06-01 --first-aired 2011-09-01 --residual-base 20000 --medium ad-supported-streaming --from 2011-09-20 --to 2011-09-20`);
    expect(stdout).toContain("  under dga-2008 (its term ended 2011-06-30; in force until a successor starts)\n  600.00  3% × residual base 20,000.00");
  });
});

describe("residuals estimate --usage FILE", () => {
  const folder = mkdtempSync(join(tmpdir(), "residuals-estimate-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const usage = join(folder, "usage.csv");
  writeFileSync(
    usage,
    [
      "title_id,medium,period_start,period_end,distributor_gross,units",
      "ST-1,ad-supported-streaming,2009-01-20,2009-01-31,1200.00,",
      'ST-1,electronic-sell-through,2009-02-01,2009-02-28,"$5,000.00",2500',
      "ST-2,rental,2009-02-01,2009-02-28,100.00,",
      "",
    ].join("\n"),
  );

  it("reads the periods of one title from a usage file; a row of another title is rejected (exit 3)", async () => {
    const result = await run(`estimate --contract sag-2009 --kind tv --produced 2008-06-01 --first-aired 2009-01-01 --tam 759 --share 0.1 --usage ${usage}`);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("\n  22.77  3% × your TAM 759.00 (fixed period 1 of 2");
    expect(result.stdout).toContain("\n   5.40  1.08% × distributor's gross 5,000.00 = pool 54.00 × your share 0.1 (tier 1 (units up to 100000))\n");
    expect(result.stdout).toContain("\nYour total: 28.17\n");
    expect(result.stderr).toBe(
      `rejected: ${usage}:4: record 3, column title_id: another title than the first row's (ST-1): an estimate is for one title (value "ST-2")\n`,
    );
  });
});

describe("usage errors of residuals estimate (exit 2, one line naming the flag)", () => {
  const TITLE = "estimate --contract sag-2009 --kind tv --produced 2008-06-01";
  const PERIOD = "--medium rental --from 2009-01-01 --to 2009-01-31";
  it.each([
    [`estimate --kind tv --produced 2008-06-01 ${PERIOD}`, "--contract: give a contract, or --guild to take the one in force on each period's date"],
    [`${TITLE} --guild sag ${PERIOD}`, "--guild: give --contract or --guild, not both"],
    [TITLE, "--medium: give each usage period's --medium, --from and --to, or --usage FILE"],
    [`${TITLE} --medium rental --from 2009-01-01`, "--to: 0 values for 1 --medium (matched by position)"],
    [`${TITLE} ${PERIOD} --gross 1 --gross 2`, "--gross: 2 values for 1 --medium (matched by position)"],
    [`${TITLE} --medium rental --from 2009-02-01 --to 2009-01-31`, "--to: period 1 ends 2009-01-31, before it starts 2009-02-01"],
    [`estimate --contract sag-2009 --kind tv --produced 1975 ${PERIOD}`, '--produced: not a date (expected YYYY-MM-DD) (value "1975")'],
    [`${TITLE} ${PERIOD} --units 1.5`, '--units: not a whole number (value "1.5")'],
    [`${TITLE} ${PERIOD} --tam -5`, '--tam: negative amount (only --gross may be negative, on a correction) (value "-5")'],
    [`${TITLE} ${PERIOD} --gross -5 --units 2`, '--units: positive units on a correction (negative --gross): a correction\'s units are negative, 0 or empty (value "2")'],
    [`${TITLE} ${PERIOD} --gross 5 --units -2`, '--units: negative count (only a correction, with a negative --gross, has negative units) (value "-2")'],
    [`${TITLE} ${PERIOD} --share 25`, '--share: must be from 0 to 1, or 0% to 100% (value "25")'],
    [`${TITLE} ${PERIOD} --share 2`, '--share: must be from 0 to 1, or 0% to 100% (value "2")'],
    [`${TITLE} ${PERIOD} --share 150%`, '--share: must be from 0 to 1, or 0% to 100% (value "150%")'],
    [`${TITLE} ${PERIOD} --share -0.1`, '--share: must be from 0 to 1, or 0% to 100% (value "-0.1")'],
    [`${TITLE} ${PERIOD} --share 25%%`, '--share: not a fraction or a percentage (expected 0.25 or 25%) (value "25%%")'],
    [`${TITLE} ${PERIOD} --share 0,25`, '--share: not a fraction or a percentage (expected 0.25 or 25%) (value "0,25")'],
    [`${TITLE} ${PERIOD} --share quarter`, '--share: not a fraction or a percentage (expected 0.25 or 25%) (value "quarter")'],
    [`${TITLE} ${PERIOD} --my-units 2`, "--total-units: needed with --my-units (your units of how many)"],
    [`${TITLE} ${PERIOD} --total-units 2`, "--my-units: needed with --total-units (your units of the total)"],
    [`${TITLE} ${PERIOD} --my-units 4 --total-units 2`, "--my-units: 4 is more than --total-units 2"],
    [`${TITLE} ${PERIOD} --my-units 0 --total-units 0`, "--total-units: must be more than 0"],
    [`${TITLE} ${PERIOD} --share 0.5 --my-units 1`, "--share: give --share or --my-units with --total-units, not both"],
    [`${TITLE} ${PERIOD} --usage examples/usage.csv`, "--usage: give usage periods either as --medium, --from, --to… or as --usage FILE, not both"],
    [
      "estimate --guild sag --kind tv --produced 2003-06-01 --medium rental --from 2004-01-01 --to 2004-01-31",
      "--guild: no ratified sag contract was in force on 2004-01-01 (period 1); the first, sag-2005, starts 2005-07-01",
    ],
    [`estimate --contract sag-2009 --produced 2008-06-01 ${PERIOD}`, "missing required option --kind"],
    [`estimate --contract sag-2009 --kind show --produced 2008-06-01 ${PERIOD}`, '--kind: "show" is not one of tv, feature, new-media'],
    [
      `${TITLE} --medium radio --from 2009-01-01 --to 2009-01-31`,
      '--medium: "radio" is not one of ad-supported-streaming, subscription-streaming, rental, electronic-sell-through',
    ],
    [`${TITLE} ${PERIOD} --guild equity`, '--guild: "equity" is not one of sag, aftra, sag-aftra, wga, dga'],
  ])("%s", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `residuals: ${message}\n` });
  });
});

describe("residuals estimate without --gross: incomplete lines naming --gross, never 0.00", () => {
  it("a rental period without --gross: its percentage is incomplete, and the total says it leaves it out", async () => {
    expect(await run(`${OFFER_TV} --medium rental --from 2009-03-01 --to 2009-03-31`)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Title: tv produced 2008-06-01, first aired 2009-01-01",
        "You: no share given (pooled amounts counted whole)",
        'Contract: amptp-2008-sag-final-offer (offer, 2008-07-01 .. 2011-06-30): AMPTP "final offer" to SAG, June 30, 2008',
        "",
        "Period 1: rental 2009-03-01 .. 2009-03-31, distributor's gross not given",
        "  —  incomplete: --gross is missing (needed for 3.6% of distributor's gross)",
        "",
        "Title pool: 0.00",
        "Your share: not given",
        "Total: 0.00, the title's whole pool, not your share (1 incomplete line not counted)",
        "",
        "Note: no share given: percentages of distributor's gross are the title's pool, counted whole here; give --share, or --my-units with --total-units, for your part.",
        "",
      ].join("\n"),
    });
  });

  it("EST without --gross, in JSON: the line is incomplete, its amount null, the flag to give named", async () => {
    const json = JSON.parse((await run(`${OFFER_TV} --medium electronic-sell-through --from 2009-03-01 --to 2009-03-31 --units 100 --share 0.5 --format json`)).stdout);
    expect(json.periods[0].distributor_gross).toBeNull();
    expect(json.periods[0].lines).toEqual([
      {
        rule: "tv-electronic-sell-through",
        status: "incomplete",
        kind: "none",
        rate: "0.0108",
        base: null,
        pool: null,
        yours: null,
        note: "--gross is missing (needed for tier 1 (units up to 100000))",
        explanation: "incomplete: --gross is missing (needed for tier 1 (units up to 100000))",
        give: "--gross",
      },
    ]);
    expect([json.total, json.incomplete_lines, json.title_pool, json.your_share]).toEqual(["0.00", 1, "0.00", "0.00"]);
  });

  it("a period whose rules need the gross and others do not: the lines it can, and the gross named for the rest", async () => {
    // 2010-01-10 .. 2010-01-20: fixed period 2 (2009-07-19 .. 2010-01-16) pays 3% × TAM 2,833.33 = 85.00; library from 2010-01-17 needs the gross.
    const { code, stdout } = await run(`${OFFER_TV} --medium ad-supported-streaming --from 2010-01-10 --to 2010-01-20 --tam 2833.33 --share 25%`);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        "Period 1: ad-supported streaming 2010-01-10 .. 2010-01-20, distributor's gross not given",
        "  85.00  3% × your TAM 2,833.33 (fixed period 2 of 2 after the 17-day window (2009-07-19 .. 2010-01-16))",
        "      —  incomplete: --gross is missing (needed for library from 2010-01-17, 4 of 11 days)",
        "",
        "Title pool: 0.00",
        "Your share: 0.00 (25% of the title pool)",
        "On your TAM: 85.00",
        "Your total: 85.00 (1 incomplete line not counted)",
        "",
      ].join("\n"),
    );
  });

  it("an empty --gross leaves that period's gross out; the others keep theirs (matched by position)", async () => {
    // Period 2: 3.6% × 1,000.00 = 36.00.
    const { stdout } = await run([
      ...OFFER_TV.split(" "),
      ...["--medium", "rental", "--from", "2009-03-01", "--to", "2009-03-31", "--gross", ""],
      ...["--medium", "rental", "--from", "2009-04-01", "--to", "2009-04-30", "--gross", "1000"],
    ]);
    expect(stdout).toContain("Period 1: rental 2009-03-01 .. 2009-03-31, distributor's gross not given\n      —  incomplete: --gross is missing (needed for 3.6% of distributor's gross)\n");
    expect(stdout).toContain("Period 2: rental 2009-04-01 .. 2009-04-30, distributor's gross 1,000.00\n  36.00  3.6% × distributor's gross 1,000.00");
  });

  it("a rate tiered by cumulative gross: later periods of the rule are incomplete too, naming the period whose gross is missing", async () => {
    // sag-2005's EST tiers count the title's cumulative gross: without period 1's, period 2's band is unknown. Rental (a flat 3.6%) is not tiered: 3.6% × 1,000.00 = 36.00.
    const { stdout } = await run([
      ...`estimate --contract sag-2005 --kind tv --produced 2006-06-01 --first-aired 2007-01-01`.split(" "),
      ...["--medium", "electronic-sell-through", "--from", "2008-01-01", "--to", "2008-01-31", "--gross", ""],
      ...["--medium", "electronic-sell-through", "--from", "2008-02-01", "--to", "2008-02-28", "--gross", "1000"],
      ...["--medium", "rental", "--from", "2008-02-01", "--to", "2008-02-28", "--gross", "1000"],
    ]);
    expect(stdout).toContain(
      [
        "Period 1: EST 2008-01-01 .. 2008-01-31, distributor's gross not given",
        "      —  incomplete: --gross is missing (needed for tier 1 (cumulative gross up to 5,000,000.00))",
        "",
        "Period 2: EST 2008-02-01 .. 2008-02-28, distributor's gross 1,000.00",
        "      —  incomplete: --gross of period 1 is missing (needed for tier 1 (cumulative gross up to 5,000,000.00): the rate depends on the title's cumulative distributor's gross)",
        "",
        "Period 3: rental 2008-02-01 .. 2008-02-28, distributor's gross 1,000.00",
        "  36.00  3.6% × distributor's gross 1,000.00 (3.6% of distributor's gross)",
        "",
        "Title pool: 36.00",
        "Your share: not given",
        "Total: 36.00, the title's whole pool, not your share (2 incomplete lines not counted)",
      ].join("\n"),
    );
  });

  it("a bonus needs no gross: the 2023 success bonus is paid without --gross", async () => {
    // streaming-2023.md, check 1: views 4,000,000 ≥ 20% × 10,000,000 → $16,415.00, a title pool; × 25% = 4,103.75.
    const { code, stdout } = await run(
      "estimate --contract wga-2023 --kind new-media --produced 2023-10-01 --first-aired 2024-03-01 --runtime 60 --budget 5000000 " +
        "--medium subscription-streaming --from 2024-03-01 --to 2024-05-29 --hours-viewed 4000000 --service-subscribers 10000000 --share 25%",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("\n  4,103.75  fixed amount 16,415.00 (the title's pool) × your share 25% (success bonus for a one-hour episode:");
    expect(stdout).toContain("\nTitle pool: 16,415.00\nYour share: 4,103.75 (25% of the title pool)\nYour total: 4,103.75 (1 not-modelled line not counted)\n");
    expect(stdout).not.toContain("incomplete");
  });
});

describe("residuals estimate: the title's pool, your share, and which one the total is", () => {
  const RENTAL = `${OFFER_TV} --medium rental --from 2009-03-01 --to 2009-03-31 --gross 2780.55`;

  it("with a share: both, and the total is yours", async () => {
    // 3.6% × 2,780.55 = 100.0998 → pool 100.10; × 0.25 = 25.025 → 25.03; + 3% × TAM 2,833.33 = 85.00 on day 20: 110.03.
    const { stdout } = await run(`${RENTAL} --share 0.25 ${DAY_20} --gross 0 --tam 2833.33`);
    expect(stdout).toContain("\nTitle pool: 100.10\nYour share: 25.03 (0.25 of the title pool)\nOn your TAM: 85.00\nYour total: 110.03\n");
  });

  it("without a share: the total is the title's whole pool, never your total", async () => {
    const { stdout } = await run(RENTAL);
    expect(stdout).toContain("\nTitle pool: 100.10\nYour share: not given\nTotal: 100.10, the title's whole pool, not your share\n");
    expect(stdout).not.toContain("Your total");
  });

  it("without a share, with amounts on your TAM: says the total mixes the two", async () => {
    const { stdout } = await run(`${RENTAL} ${DAY_20} --gross 0 --tam 2833.33`);
    expect(stdout).toContain("\nTitle pool: 100.10\nYour share: not given\nOn your TAM: 85.00\nTotal: 185.10, the title's whole pool and your TAM residuals, not your share\n");
  });

  it("in JSON: the pool, the share and what the total is, beside the existing total", async () => {
    const pick = async (share: string) => {
      const json = JSON.parse((await run(`${RENTAL} ${share} --format json`)).stdout);
      return { total: json.total, total_is: json.total_is, title_pool: json.title_pool, your_share: json.your_share, on_your_tam: json.on_your_tam };
    };
    expect(await pick("--share 25%")).toEqual({ total: "25.03", total_is: "share", title_pool: "100.10", your_share: "25.03", on_your_tam: "0.00" });
    expect(await pick("")).toEqual({ total: "100.10", total_is: "title-pool", title_pool: "100.10", your_share: null, on_your_tam: "0.00" });
    const own = JSON.parse((await run(`${OFFER_TV} ${DAY_20} --tam 2833.33 --format json`)).stdout);
    expect([own.total, own.total_is, own.title_pool, own.your_share, own.on_your_tam]).toEqual(["85.00", "yours", "0.00", null, "85.00"]);
  });
});

describe("residuals estimate --share: a fraction or a percentage, exactly", () => {
  it.each([
    // 3.6% × 2,780.55 = 100.10 (pool); × 25% = 25.025 → 25.03, as × 0.25.
    ["25%", "25.03", "25%"],
    ["0.25", "25.03", "0.25"],
    [".25", "25.03", "0.25"],
    // × 12.5% = 12.5125 → 12.51.
    ["12.5%", "12.51", "12.5%"],
    // × 100% = the pool; × 0% = nothing.
    ["100%", "100.10", "100%"],
    ["0%", "0.00", "0%"],
    // × 33.333333333333333333% = 33.366666… → 33.37 (no float: 0.33333… would lose digits).
    ["33.333333333333333333%", "33.37", "33.333333333333333333%"],
  ])("--share %s: your share %s", async (share, yours, shown) => {
    const json = JSON.parse((await run(`${OFFER_TV} --medium rental --from 2009-03-01 --to 2009-03-31 --gross 2780.55 --share ${share} --format json`)).stdout);
    expect([json.total, json.you.share]).toEqual([yours, shown]);
  });
});

describe("residuals estimate names the flag to give, never an internal column", () => {
  it("a TAM contract without --tam asks for --tam, not residual_base", async () => {
    const { stdout } = await run(`${OFFER_TV} ${DAY_20}`);
    expect(stdout).toContain(
      "\n  —  incomplete: --tam is missing (your total applicable minimum, for fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))\n",
    );
    expect(stdout).not.toMatch(/residual_base|first_aired_on|distributor_gross/);
    const json = (await run(`${OFFER_TV} ${DAY_20} --format json`)).stdout;
    expect(JSON.parse(json).periods[0].lines[0]).toMatchObject({ status: "incomplete", note: expect.stringMatching(/^--tam is missing/), give: "--tam" });
    expect(JSON.stringify(JSON.parse(json).periods[0].lines)).not.toMatch(/residual_base|first_aired_on|distributor_gross/);
  });

  it("a residual-base contract without --residual-base asks for --residual-base", async () => {
    const { stdout } = await run(`estimate --contract dga-2008 --kind tv --market network-prime-time --produced 2008-09-01 --first-aired 2009-01-01 ${DAY_20}`);
    expect(stdout).toContain(
      "\n  —  incomplete: --residual-base is missing (the title's applicable minimum for fixed period 1 of 2 after the 17-day window (2009-01-18 .. 2009-07-18))\n",
    );
  });

  it("EST tiers without --units ask for --units", async () => {
    const { stdout } = await run(`${OFFER_TV} --medium electronic-sell-through --from 2009-03-01 --to 2009-03-31 --gross 1000`);
    expect(stdout).toContain("\n  —  incomplete: --units is missing (the rate depends on cumulative downloads)\n");
  });

  it("a success bonus without --service-subscribers asks for it; without --runtime, for --runtime", async () => {
    const BONUS = "estimate --contract wga-2023 --kind new-media --produced 2023-10-01 --first-aired 2024-03-01 --budget 5000000 --medium subscription-streaming --from 2024-03-01 --to 2024-05-29 --hours-viewed 4000000";
    expect((await run(`${BONUS} --runtime 60`)).stdout).toContain(
      "\n  —  incomplete: --service-subscribers is missing (the success bonus compares views with the service's subscribers, window 0 (2024-03-01 .. 2024-05-29))\n",
    );
    expect((await run(BONUS)).stdout).toContain("\n  —  incomplete: --runtime is missing (views are hours viewed ÷ runtime)\n");
  });
});
