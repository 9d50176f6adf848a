import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it, onTestFinished } from "vitest";
import { Dec, formatCents } from "../../src/money/decimal.js";
import { run } from "./run-cli.js";

const INPUTS = "--titles examples/titles.csv --usage examples/usage.csv --cast examples/cast.csv";
const THREE = "--contract sag-2005 --contract amptp-2008-sag-final-offer --contract what-if-no-1974-cutoff";
const CONTRACTS = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"];

const csvRecords = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

/** Per title and in all, the sum of the amount column of `calc --format csv`. */
async function calcSums(contract: string, by: "title_id" | "performer_id" = "title_id"): Promise<Map<string, string>> {
  const { code, stdout } = await run(`calc --contract ${contract} ${INPUTS} --format csv --quiet`);
  expect(code).toBe(0);
  const sums = new Map<string, Dec>();
  const add = (key: string, amount: string) => sums.set(key, (sums.get(key) ?? new Dec(0)).plus(new Dec(amount || "0")));
  for (const record of csvRecords(stdout)) {
    add(record[by]!, record.amount!);
    add("total", record.amount!);
  }
  return new Map([...sums].map(([key, sum]) => [key, formatCents(sum)]));
}

describe("residuals compare", () => {
  it("puts the offer and the no-cutoff scenario beside the 2005 contract, by title, with the rules that decide", async () => {
    const result = await run(`compare ${THREE} ${INPUTS} --format table --quiet`);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchInlineSnapshot(`
      "title   name                            sag-2005  amptp-2008-sag-final-offer       diff   diff %  what-if-no-1974-cutoff        diff   diff %  incomplete lines                                          deciding rules
      ------  -----------------------------  ---------  --------------------------  ---------  -------  ----------------------  ----------  -------  --------------------------------------------------------  ------------------------------------------------------------------------------------------------------------------------------------
      HL-101  Harbor Lights (pilot)              90.00                        0.00     -90.00  -100.0%                  690.00     +600.00  +666.7%                                                            sag-2005: no residual ad-supported-streaming-not-covered; amptp-2008-sag-final-offer: cutoff tv-produced-before-1974-no-streaming
      MD-204  The Midnight Desk: Ashes           90.00                      690.00    +600.00  +666.7%                  690.00     +600.00  +666.7%                                                            sag-2005: no residual ad-supported-streaming-not-covered
      CC-012  Copper Canyon: The Ferry            0.00                        0.00       0.00                           240.00     +240.00                                                                     sag-2005: no residual ad-supported-streaming-not-covered; amptp-2008-sag-final-offer: cutoff tv-produced-before-1974-no-streaming
      NB-101  Northbound: Departure               0.00                      545.00    +545.00                           545.00     +545.00                                                                     sag-2005: no residual ad-supported-streaming-not-covered
      SA-310  Second Avenue: The Lease        2,718.00                    4,539.84  +1,821.84   +67.0%                4,539.84   +1,821.84   +67.0%                                                            sag-2005: no residual ad-supported-streaming-not-covered
      TW-105  Tidewater: Low Tide                 0.00                      300.00    +300.00                           300.00     +300.00                                                                     sag-2005: no residual ad-supported-streaming-not-covered
      LS-101  Late Shift: Pilot                   0.00                        0.00       0.00                             0.00        0.00           amptp-2008-sag-final-offer: 1; what-if-no-1974-cutoff: 1
      LF-F02  The Long Field                  9,450.00                   14,850.00  +5,400.00   +57.1%               14,850.00   +5,400.00   +57.1%                                                            sag-2005: no residual ad-supported-streaming-not-covered
      PM-F01  Paper Moons                       108.00                      108.00       0.00     0.0%                  108.00        0.00     0.0%
      GO-F03  Glass Orchard                   4,680.00                    4,680.00       0.00     0.0%                4,680.00        0.00     0.0%
      PX-N01  Pixel Street: Episode 1             0.00                      432.00    +432.00                           432.00     +432.00                                                                     sag-2005: no residual new-media-originals-not-covered
      LB-N02  Lunch Break Heroes: Episode 4       0.00                        0.00       0.00                            72.00      +72.00                                                                     sag-2005: no residual new-media-originals-not-covered; amptp-2008-sag-final-offer: budget threshold new-media-originals-consumer-pay
      ------  -----------------------------  ---------  --------------------------  ---------  -------  ----------------------  ----------  -------  --------------------------------------------------------  ------------------------------------------------------------------------------------------------------------------------------------
      total                                  17,136.00                   26,144.84  +9,008.84   +52.6%               27,146.84  +10,010.84   +58.4%  amptp-2008-sag-final-offer: 1; what-if-no-1974-cutoff: 1

      baseline: sag-2005; diff and diff % are against it
      "
    `);
  });

  it("shows the pre-1974 titles losing their streaming residuals under the offer and regaining them in the scenario", async () => {
    const { stdout } = await run(`compare ${THREE} ${INPUTS} --format csv --quiet`);
    const byTitle = new Map(csvRecords(stdout).map((record) => [record.title_id!, record]));
    for (const title of ["HL-101", "CC-012"]) {
      const row = byTitle.get(title)!;
      expect(row["amptp-2008-sag-final-offer"]).toBe("0.00");
      expect(new Dec(row["what-if-no-1974-cutoff"]!).greaterThan(0)).toBe(true);
      expect(row.deciding_rules).toContain("amptp-2008-sag-final-offer: cutoff tv-produced-before-1974-no-streaming");
    }
    expect(byTitle.get("HL-101")).toMatchObject({ "sag-2005": "90.00", "amptp-2008-sag-final-offer_diff": "-90.00", "what-if-no-1974-cutoff": "690.00" });
    expect(byTitle.get("CC-012")).toMatchObject({ "sag-2005": "0.00", "what-if-no-1974-cutoff": "240.00", "what-if-no-1974-cutoff_diff_pct": "" });
  });

  it("totals equal, to the cent, the sums of the amount column of calc under each contract", async () => {
    const { stdout } = await run(`compare ${THREE} ${INPUTS} --format csv --quiet`);
    const records = csvRecords(stdout);
    expect(records.at(-1)!.title_id).toBe("total");
    for (const contract of CONTRACTS) {
      const sums = await calcSums(contract);
      expect(new Map(records.map((record) => [record.title_id!, record[contract]!]))).toEqual(sums);
    }
  });

  it("groups by medium and by year with the same grand total", async () => {
    const byMedium = csvRecords((await run(`compare ${THREE} ${INPUTS} --by medium --format csv --quiet`)).stdout);
    expect(byMedium.map((record) => [record.medium, record["sag-2005"], record["amptp-2008-sag-final-offer"]])).toEqual([
      ["ad-supported-streaming", "0.00", "2966.84"],
      ["subscription-streaming", "1620.00", "1530.00"],
      ["rental", "3636.00", "4068.00"],
      ["electronic-sell-through", "11880.00", "17580.00"],
      ["total", "17136.00", "26144.84"],
    ]);
    const byYear = csvRecords((await run(`compare ${THREE} ${INPUTS} --by year --format csv --quiet`)).stdout);
    expect(byYear.map((record) => [record.year, record["sag-2005"], record["what-if-no-1974-cutoff"]])).toEqual([
      ["2008", "5400.00", "6912.77"],
      ["2009", "11736.00", "20234.07"],
      ["total", "17136.00", "27146.84"],
    ]);
    const { medium: _medium, ...mediumTotal } = byMedium.at(-1)!;
    const { year: _year, ...yearTotal } = byYear.at(-1)!;
    expect(yearTotal).toEqual(mediumTotal);
  });

  it("writes JSON for scripts", async () => {
    const json = JSON.parse((await run(`compare --contract sag-2005 --contract amptp-2008-sag-final-offer ${INPUTS} --format json --quiet`)).stdout);
    expect(json.baseline).toBe("sag-2005");
    expect(json.groups[0]).toEqual({
      title_id: "HL-101",
      contracts: [
        { contract: "sag-2005", amount: "90.00", lines: 2, payable: 1, zero: 1, incomplete: 0, not_modelled: 0, adjustment: 0 },
        { contract: "amptp-2008-sag-final-offer", amount: "0.00", diff: "-90.00", diff_pct: "-100.00", lines: 2, payable: 0, zero: 2, incomplete: 0, not_modelled: 0, adjustment: 0 },
      ],
      // Row 1 pays nothing under either (not covered, cut off), so only the cutoff of row 12 decides.
      deciding_rules: [{ contract: "amptp-2008-sag-final-offer", kind: "cutoff", rule: "tv-produced-before-1974-no-streaming" }],
    });
    expect(json.total.contracts[1]).toMatchObject({ amount: "26144.84", diff: "9008.84", diff_pct: "52.57" });
  });

  it("takes a contract file the same as its id, and writes --out", async () => {
    const folder = mkdtempSync(join(tmpdir(), "residuals-compare-"));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const out = join(folder, "comparison.csv");
    const byFile = await run(`compare --contract rules/sag-2005.yaml --contract rules/amptp-2008-sag-final-offer.yaml ${INPUTS} --out ${out} --quiet`);
    expect(byFile).toEqual({ code: 0, stdout: "", stderr: "" });
    const byId = await run(`compare --contract sag-2005 --contract amptp-2008-sag-final-offer ${INPUTS} --format csv --quiet`);
    expect(readFileSync(out, "utf8")).toBe(byId.stdout);
  });

  it("adds the titles' names after title_id with --names, the other columns as they were", async () => {
    const plain = await run(`compare ${THREE} ${INPUTS} --format csv --quiet`);
    const named = await run(`compare ${THREE} ${INPUTS} --format csv --quiet --names`);
    const lines = named.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(plain.stdout.split("\n")[0]!.replace("title_id,", "title_id,title,"));
    expect(lines[1]).toMatch(/^HL-101,Harbor Lights \(pilot\),90\.00,/);
    expect(lines.at(-1)).toMatch(/^total,,/);
    // Without the name column, the same bytes.
    expect(lines.map((line) => line.replace(/^([^,]*),(?:"[^"]*"|[^,]*)/, "$1")).join("\n") + "\n").toBe(plain.stdout);
  });

  it("by performer: each performer's lines under each contract, as calc sums them, with their names", async () => {
    const result = await run(`compare ${THREE} ${INPUTS} --by performer --format csv --names --quiet`);
    expect(result.code).toBe(0);
    const records = csvRecords(result.stdout);
    expect(Object.keys(records[0]!).slice(0, 3)).toEqual(["performer_id", "name", "sag-2005"]);
    for (const contract of CONTRACTS) {
      // Title-level lines (no performer) are the row with an empty performer_id.
      const sums = await calcSums(contract, "performer_id");
      // A performer paid only under other contracts has 0.00 under this one.
      expect(new Map(records.map((record) => [record.performer_id!, record[contract]!]))).toEqual(new Map(records.map((record) => [record.performer_id!, sums.get(record.performer_id!) ?? "0.00"])));
      expect([...sums.keys()].every((key) => records.some((record) => record.performer_id === key))).toBe(true);
    }
    expect(records.find((record) => record.performer_id === "P-1001")!.name).toBe("Rosa Delgado (series regular)");
    const byTitle = csvRecords((await run(`compare ${THREE} ${INPUTS} --format csv --quiet`)).stdout);
    expect(records.at(-1)).toEqual({ ...byTitle.at(-1), performer_id: "total", name: "", title_id: undefined });
  });

  it("closes with the usual summary on stderr", async () => {
    const { stderr } = await run(`compare --contract sag-2005 --contract sag-2009 ${INPUTS} --format csv`);
    expect(stderr.split("\n").slice(0, 3)).toEqual([
      "rows read: 25; computed: 25; rejected: 0",
      "sag-2005: 31 lines (16 payable, 15 zero, 0 incomplete, 0 not modelled), total $17,136.00",
      "sag-2009: 47 lines (38 payable, 8 zero, 1 incomplete, 0 not modelled), total $26,144.84",
    ]);
  });
});

describe("errors of residuals compare", () => {
  it.each([
    [`compare --contract sag-2005 ${INPUTS}`, "residuals: --contract: compare needs at least two contracts (the first is the baseline)\n"],
    [`compare --contract sag-2005 --contract rules/sag-2005.yaml ${INPUTS}`, "residuals: --contract: sag-2005 is given twice\n"],
    [`compare ${THREE} --usage examples/usage.csv`, "residuals: missing required option --titles\n"],
    [`compare ${INPUTS}`, "residuals: missing required option --contract\n"],
    [`compare ${THREE} ${INPUTS} --by week`, 'residuals: --by: "week" is not one of title, medium, year, performer\n'],
    [`compare ${THREE} ${INPUTS} --format xml`, 'residuals: --format: "xml" is not one of table, csv, json, html, xlsx\n'],
    [`compare ${THREE} ${INPUTS} --out report.pdf`, "residuals: --out report.pdf: cannot write a .pdf file (this command writes .csv, .json, .txt, .html, .htm, .xlsx)\n"],
    [`calc --contract sag-2009 ${INPUTS} --out report.html`, "residuals: --out report.html: cannot write a .html file (this command writes .csv, .json, .txt, .xlsx)\n"],
    [`compare ${THREE} --titles examples/titles.csv --usage examples/usage.csv --by performer`, "residuals: --by performer: give the performers with --cast\n"],
    [`compare ${THREE} ${INPUTS} --format csv --out report.html`, "residuals: --format csv does not match --out report.html (a .html file is html)\n"],
    [`compare ${THREE} ${INPUTS} --by year --by medium --format csv`, "residuals: --by: a CSV comparison takes one grouping (a workbook takes several)\n"],
    [`compare ${THREE} ${INPUTS} --baseline sag-2005`, "residuals: unknown option --baseline\n"],
  ])("%s (exit 2)", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it("checks --out before any work (exit 1)", async () => {
    expect(await run(`compare ${THREE} ${INPUTS} --out /no-such-folder/comparison.csv`)).toEqual({
      code: 1,
      stdout: "",
      stderr: "/no-such-folder/comparison.csv: cannot be written: the folder /no-such-folder does not exist\n",
    });
  });

  it("names an unknown contract id, with the nearest ones (exit 2)", async () => {
    expect(await run(`compare --contract sag-2005 --contract sag-2012 ${INPUTS}`)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'residuals: --contract: no bundled contract "sag-2012" (did you mean sag-2005 or sag-2009?)\n',
    });
  });
});
