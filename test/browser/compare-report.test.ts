import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Papa from "papaparse";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../cli/run-cli.js";
import { FORMULA_TEXTS, MARKUP_TEXTS } from "../fixtures/injection.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { chromiumMissing, launchChromium } from "./chromium.js";

/**
 * compare's HTML report, opened in Chromium: it must render without errors and without asking
 * the network for anything, show the CSV's figures to the cent, give each chart a name and a
 * table of its figures, and show every input text as text.
 */
const missing = chromiumMissing();

// The examples, and titles whose names (and an id) a spreadsheet or a page would run: TV from
// before 1974 on streaming, which the offer's cutoff excludes, so they differ and are listed.
const hostile = [...FORMULA_TEXTS.map(([text]) => text), ...MARKUP_TEXTS];
const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const examples = (file: string) => readFileSync(join("examples", file), "utf8");
const titles = examples("titles.csv") + hostile.map((name, index) => `${index === 0 ? "=X<b>" : `EV-${index}`},${quote(name)},tv,1970-01-01,1970-06-01,30,no,network,,${1000 + index}\n`).join("");
const usage = examples("usage.csv") + hostile.map((_, index) => `${index === 0 ? "=X<b>" : `EV-${index}`},subscription-streaming,2009-0${1 + (index % 3)}-01,2009-0${1 + (index % 3)}-28,${1000 * (index + 1)}.00,\n`).join("");
const CONTRACTS = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"];

type CsvRow = Record<string, string>;

describe.skipIf(missing !== undefined)("compare's HTML report in a browser", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  const csv: Record<string, CsvRow[]> = {};
  let html = "";

  beforeAll(async () => {
    const dir = tempFiles({ "titles.csv": titles, "usage.csv": usage });
    const inputs = [...CONTRACTS.flatMap((id) => ["--contract", id]), "--titles", join(dir, "titles.csv"), "--usage", join(dir, "usage.csv"), "--cast", join("examples", "cast.csv"), "--quiet"];
    const report = join(dir, "report.html");
    const made = await run(["compare", ...inputs, "--out", report]);
    expect(made).toEqual({ code: 0, stdout: "", stderr: "" });
    html = readFileSync(report, "utf8");
    for (const by of ["title", "year", "medium"]) {
      const result = await run(["compare", ...inputs, "--by", by, "--format", "csv", "--names"]);
      expect(result.code).toBe(0);
      csv[by] = Papa.parse<CsvRow>(result.stdout, { header: true, skipEmptyLines: true }).data;
    }
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** "1,234.56" or "+1,234.56" as CSV writes it: "1234.56". */
  const plain = (text: string) => text.trim().replace(/,/g, "").replace(/^\+/, "");
  const rowsOf = (selector: string) =>
    page.$$eval(selector, (rows) => rows.map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent ?? "")));

  it("renders without console errors and makes no network request", async () => {
    expect(await page.title()).toBe("Residuals: sag-2005 vs amptp-2008-sag-final-offer vs what-if-no-1974-cutoff");
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // Self-contained: nothing to run, nothing to fetch.
    expect(html).not.toMatch(/<script|<link|@import|url\(|<iframe|<object/i);
  });

  it("gives each contract's total as the CSV's total row, to the cent", async () => {
    const total = csv.title!.find((row) => row.title_id === "total")!;
    const shown = await page.$$eval("table.totals td[data-cents]", (cells) => cells.map((cell) => cell.getAttribute("data-cents")));
    expect(shown).toEqual(CONTRACTS.map((id) => total[id]));
    const texts = await rowsOf("table.totals tbody tr");
    expect(texts.map((cells) => plain(cells[1]!))).toEqual(CONTRACTS.map((id) => total[id]));
    expect(texts.slice(1).map((cells) => [plain(cells[2]!), plain(cells[3]!).replace("%", "")])).toEqual(CONTRACTS.slice(1).map((id) => [total[`${id}_diff`], total[`${id}_diff_pct`]]));
  });

  it("counts each contract's incomplete and not-modelled lines as the CSV's total row lists them", async () => {
    const total = csv.title!.find((row) => row.title_id === "total")!;
    const listing = (column: "incomplete_lines" | "not_modelled_lines") =>
      new Map(total[column]!.split("; ").filter(Boolean).map((item) => item.split(": ") as [string, string]));
    const incomplete = listing("incomplete_lines");
    const notModelled = listing("not_modelled_lines");
    const counts = await page.$$eval("table.totals tbody tr", (rows) =>
      rows.map((row) => [row.querySelector("[data-incomplete]")?.textContent, row.querySelector("[data-not-modelled]")?.textContent]),
    );
    expect(counts).toEqual(CONTRACTS.map((id) => [incomplete.get(id) ?? "0", notModelled.get(id) ?? "0"]));
    expect(incomplete.size).toBeGreaterThan(0);
  });

  it.each([
    ["year", "by-year"],
    ["medium", "by-medium"],
  ])("charts totals by %s, named, with a table of the CSV's figures", async (by, id) => {
    const chart = page.getByRole("img", { name: by === "year" ? "Totals by year" : "Totals by medium" });
    await expect(chart.count()).resolves.toBe(1);
    const table = await chart.getAttribute("aria-describedby");
    expect(table).toBe(`${id}-table`);
    const rows = await rowsOf(`#${table} tbody tr`);
    const expected = csv[by]!.filter((row) => row[by] !== "total").map((row) => [row[by], ...CONTRACTS.map((contract) => row[contract])]);
    expect(rows.map(([key, ...amounts]) => [key, ...amounts.map(plain)])).toEqual(expected);
    // One bar per contract and group, each with its amount as a tooltip.
    await expect(page.locator(`#${id}-chart rect > title`).count()).resolves.toBe(expected.length * CONTRACTS.length);
  });

  it("lists the titles that differ most, largest first, with names and the CSV's figures", async () => {
    const rows = await rowsOf("table.titles tbody tr");
    const byId = new Map(csv.title!.map((row) => [row.title_id, row]));
    expect(rows.length).toBe(csv.title!.length - 1);
    let previous = Infinity;
    for (const cells of rows) {
      const row = byId.get(cells[0]!.startsWith("=") ? `'${cells[0]}` : cells[0]!)!;
      expect(row).toBeDefined();
      const figures = [row.sag_2005 ?? row["sag-2005"], ...CONTRACTS.slice(1).flatMap((contract) => [row[contract], row[`${contract}_diff`], row[`${contract}_diff_pct`] ? `${row[`${contract}_diff_pct`]}%` : ""])];
      expect(cells.slice(2, -1).map(plain)).toEqual(figures);
      expect(cells.at(-1)).toBe(row.deciding_rules);
      const largest = Math.max(...CONTRACTS.slice(1).map((contract) => Math.abs(Number(row[`${contract}_diff`]))));
      expect(largest).toBeLessThanOrEqual(previous);
      previous = largest;
    }
  });

  it("shows every input text as text: nothing run, nothing loaded", async () => {
    const names = await page.$$eval("table.titles tbody tr td:first-of-type", (cells) => cells.map((cell) => cell.textContent));
    // As the titles reader gives them: without the spaces around them.
    for (const name of hostile) expect(names).toContain(name.trim());
    expect(await page.evaluate(() => (window as unknown as { ran?: boolean }).ran)).toBeUndefined();
    await expect(page.locator("main script, main img, table b").count()).resolves.toBe(0);
    expect(await page.locator("table.titles tbody th code", { hasText: "=X<b>" }).count()).toBe(1);
  });

  it("says what each deciding rule cost, the rest of each difference from rates", async () => {
    const total = csv.title!.find((row) => row.title_id === "total")!;
    for (const contract of CONTRACTS.slice(1)) {
      const table = page.locator("table.costs", { has: page.locator("caption", { hasText: `${contract} against sag-2005` }) });
      const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
      const sum = rows.reduce((cents, cells) => cents + BigInt(plain(cells.at(-1)!).replace(".", "")), 0n);
      expect(sum).toBe(BigInt(total[`${contract}_diff`]!.replace(".", "")));
    }
    // The offer's cutoff: what the old contract paid the pre-1974 TV titles it excludes.
    const cutoff = csv.title!.filter((row) => row.deciding_rules!.includes("amptp-2008-sag-final-offer: cutoff tv-produced-before-1974-no-streaming"));
    const expected = cutoff.reduce((cents, row) => cents + BigInt(row["amptp-2008-sag-final-offer_diff"]!.replace(".", "")), 0n);
    const shown = await page.locator("table.costs tr", { hasText: "amptp-2008-sag-final-offer: cutoff tv-produced-before-1974-no-streaming" }).first().locator("td").last().textContent();
    expect(BigInt(plain(shown!).replace(".", ""))).toBe(expected);
  });
});
