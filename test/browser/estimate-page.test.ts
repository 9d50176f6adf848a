import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium } from "./chromium.js";

const missing = chromiumMissing();
const ROOT = join(import.meta.dirname, "..", "..");
const PAGE = pathToFileURL(join(ROOT, "web", "dist", "index.html")).href;
const SCREENSHOTS = join(ROOT, "test-results");

/** A form as the address carries it (parameter names are the command's flags; period ones repeat). */
interface Example {
  readonly name: string;
  readonly single: Readonly<Record<string, string>>;
  readonly periods: readonly Readonly<Record<string, string>>[];
  readonly total: string;
  readonly lines: readonly string[];
}

// The five worked examples of the domain reference (calculation.md), with their published figures.
const EXAMPLES: readonly Example[] = [
  {
    name: "1: final offer, guest star, TAM 2,833.33, day 20: 3% × 2,833.33 = 84.9999 → $85.00",
    single: { contract: "amptp-2008-sag-final-offer", kind: "tv", produced: "2008-06-01", "first-aired": "2009-01-01", tam: "2833.33" },
    periods: [{ medium: "ad-supported-streaming", from: "2009-01-20", to: "2009-01-20" }],
    total: "$85.00",
    lines: ["$85.00"],
  },
  {
    name: "2: final offer, day player, TAM 759.00: 3% × 759.00 = $22.77",
    single: { contract: "amptp-2008-sag-final-offer", kind: "tv", produced: "2008-06-01", "first-aired": "2009-01-01", tam: "759.00" },
    periods: [{ medium: "ad-supported-streaming", from: "2009-01-18", to: "2009-01-31" }],
    total: "$22.77",
    lines: ["$22.77"],
  },
  {
    name: "3: DGA, network prime-time hour, residual base 20,000, both fixed periods: 2 × 3% × 20,000 = $1,200.00",
    single: { contract: "dga-2008", kind: "tv", produced: "2008-01-01", "first-aired": "2009-01-01", market: "network-prime-time", "residual-base": "20000" },
    periods: [{ medium: "ad-supported-streaming", from: "2009-01-18", to: "2010-01-16", gross: "50000" }],
    total: "$1,200.00",
    lines: ["$600.00", "$600.00"],
  },
  {
    name: "4a: final offer, TV produced 1972-05-01: the 1974 cutoff, $0.00",
    single: { contract: "amptp-2008-sag-final-offer", kind: "tv", produced: "1972-05-01", "first-aired": "1972-09-15" },
    periods: [{ medium: "ad-supported-streaming", from: "2009-03-01", to: "2009-03-31", gross: "10000" }],
    total: "$0.00",
    lines: ["$0.00"],
  },
  {
    name: "4b: produced 1975-05-01, all library: 6% × 10,000 = $600.00",
    single: { contract: "amptp-2008-sag-final-offer", kind: "tv", produced: "1975-05-01", "first-aired": "1975-09-15" },
    periods: [{ medium: "ad-supported-streaming", from: "2009-03-01", to: "2009-03-31", gross: "10000" }],
    total: "$600.00",
    lines: ["$600.00"],
  },
  {
    name: "5: final offer, EST, 150,000 downloads for 300,000: 1.08% × 200,000 + 2.1% × 100,000",
    single: { contract: "amptp-2008-sag-final-offer", kind: "tv", produced: "2008-01-01", "first-aired": "2008-10-01" },
    periods: [{ medium: "electronic-sell-through", from: "2009-01-01", to: "2009-03-31", gross: "300000", units: "150000" }],
    total: "$4,260.00",
    lines: ["$2,160.00", "$2,100.00"],
  },
];

function addressOf(example: Example): string {
  const params = new URLSearchParams(example.single);
  for (const name of ["medium", "from", "to", "gross", "units", "hours-viewed", "service-subscribers"]) {
    if (example.periods.some((period) => period[name] !== undefined)) for (const period of example.periods) params.append(name, period[name] ?? "");
  }
  return `${PAGE}?${params}`;
}

async function fillForm(page: Page, example: Example): Promise<void> {
  for (const [name, value] of Object.entries(example.single)) {
    const control = page.locator(`#${name}`);
    if ((await control.evaluate((element) => element.tagName)) === "SELECT") await control.selectOption(value);
    else await control.fill(value);
  }
  for (const [index, period] of example.periods.entries()) {
    if (index > 0) await page.click("#add-period");
    for (const [name, value] of Object.entries(period)) {
      const control = page.locator(`#period-${index + 1}-${name}`);
      if (name === "medium") await control.selectOption(value);
      else await control.fill(value);
    }
  }
}

async function figures(page: Page): Promise<{ total: string; lines: string[] }> {
  return { total: (await page.textContent("#total"))!, lines: await page.locator(".line-amount").allTextContents() };
}

describe.skipIf(missing !== undefined)("the estimate page, in Chromium from file://", () => {
  let browser: Browser;
  let page: Page;
  /** Everything the page asked the network for, and every error it printed. */
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    await build({ configFile: join(ROOT, "web", "vite.config.ts"), logLevel: "silent" });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (request) => requests.push(`${request.resourceType()} ${request.url()}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("is one file, under its budget of 250 KB gzipped", () => {
    const size = gzipSync(readFileSync(new URL(PAGE))).length;
    console.log(`estimate page: ${size} bytes gzipped`);
    expect(size).toBeLessThan(250_000);
  });

  it.each(EXAMPLES)("worked example $name, through the form", async (example) => {
    await page.goto(PAGE);
    await fillForm(page, example);
    expect(await figures(page)).toEqual({ total: example.total, lines: example.lines });
    // The address follows the form: opening it again gives the same answer.
    const address = page.url();
    await page.goto("about:blank");
    await page.goto(address);
    expect(await figures(page)).toEqual({ total: example.total, lines: example.lines });
  });

  it.each(EXAMPLES)("worked example $name, from a link", async (example) => {
    await page.goto(addressOf(example));
    expect(await figures(page)).toEqual({ total: example.total, lines: example.lines });
  });

  it("shows the cutoff's reason on the $0.00 line", async () => {
    await page.goto(addressOf(EXAMPLES[3]!));
    expect(await page.textContent(".line .zone")).toBe("produced 1972-05-01, before the 1974-07-01 cutoff of amptp-2008-sag-final-offer");
  });

  it("pays the 2023 success bonus from the hours viewed and the service's subscribers", async () => {
    // streaming-2023.md, check 1: a one-hour episode (runtime 60), 4,000,000 hours in window 0 on
    // a service of 10,000,000 subscribers: views 4,000,000 ≥ 20% × 10,000,000 = 2,000,000 → $16,415.00.
    const bonus: Example = {
      name: "wga-2023 success bonus",
      single: { contract: "wga-2023", kind: "new-media", produced: "2023-10-01", "first-aired": "2024-03-01", runtime: "60", budget: "5000000" },
      periods: [{ medium: "subscription-streaming", from: "2024-03-01", to: "2024-05-29", "hours-viewed": "4000000", "service-subscribers": "10000000" }],
      total: "$16,415.00",
      lines: ["$16,415.00"],
    };
    await page.goto("about:blank");
    await page.goto(PAGE);
    await fillForm(page, bonus);
    await page.waitForFunction(() => document.querySelector("#total")?.textContent === "$16,415.00");
    expect(await page.locator(".line-amount").allTextContents()).toContain("$16,415.00");
    // The HBSVOD residual itself is not public: shown as such, never as $0.
    expect(await page.textContent("#result")).toMatch(/not modelled|not-modelled/i);
    await page.goto(addressOf(bonus));
    await page.waitForFunction(() => document.querySelector("#total")?.textContent === "$16,415.00");
  });

  it("the issue's address shows a total of $85.00", async () => {
    await page.goto(
      `${PAGE}?contract=amptp-2008-sag-final-offer&kind=tv&produced=2008-06-01&first-aired=2009-01-01&medium=ad-supported-streaming&from=2009-01-20&to=2009-01-20&tam=2833.33`,
    );
    expect(await page.textContent("#total")).toBe("$85.00");
    expect(await page.inputValue("#tam")).toBe("2833.33");
    expect(await page.textContent("#status")).toBe("You are owed $85.00.");
  });

  it("repeated period parameters give several periods, matched by position", async () => {
    const example = {
      ...EXAMPLES[0]!,
      periods: [EXAMPLES[0]!.periods[0]!, { medium: "electronic-sell-through", from: "2009-01-01", to: "2009-03-31", gross: "300000", units: "150000" }],
    };
    await page.goto(addressOf(example));
    // 85.00 (fixed period 1 on the TAM) + 2,160.00 + 2,100.00 (the EST tiers, pool counted whole)
    expect(await figures(page)).toEqual({ total: "$4,345.00", lines: ["$85.00", "$2,160.00", "$2,100.00"] });
    expect(await page.inputValue("#period-2-units")).toBe("150000");
  });

  it("an invalid date or amount: a message next to the field, and nothing computed", async () => {
    await page.goto(addressOf(EXAMPLES[0]!));
    await page.fill("#first-aired", "2009-02-30");
    await page.fill("#period-1-gross", "12,34");
    expect(await page.textContent("#first-aired-error")).toBe("not a calendar date");
    expect(await page.getAttribute("#first-aired", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#first-aired", "aria-describedby")).toContain("first-aired-error");
    expect(await page.textContent("#period-1-gross-error")).toBe("not an amount (expected 1234.56 or $1,234.56)");
    expect(await page.textContent("#result")).toBe("Correct the marked fields to see an estimate.");
    expect(await page.locator("#total").count()).toBe(0);
    await page.fill("#first-aired", "2009-01-01");
    await page.fill("#period-1-gross", "");
    expect(await page.textContent("#total")).toBe("$85.00");
    expect(await page.textContent("#first-aired-error")).toBe("");
  });

  it("an incomplete line is shown as incomplete, with the field that completes it, never as $0", async () => {
    await page.goto(addressOf({ ...EXAMPLES[0]!, single: { ...EXAMPLES[0]!.single, "first-aired": "" } }));
    expect(await page.textContent(".line-amount")).toBe("incomplete");
    expect(await page.textContent(".explanation")).toBe("incomplete: “First air date” is missing (needed for the streaming window)");
    expect(await page.textContent(".total-caveat")).toBe("1 incomplete line not counted");
  });

  it("a blank gross: the percentage of gross is incomplete, naming the gross field, and the total leaves it out", async () => {
    // Example 4b without its gross: the library line is 6% of a gross not given.
    await page.goto(addressOf({ ...EXAMPLES[4]!, periods: [{ ...EXAMPLES[4]!.periods[0]!, gross: "" }] }));
    expect(await page.textContent(".line-amount")).toBe("incomplete");
    expect(await page.textContent(".explanation")).toMatch(/^incomplete: “Distributor's gross” is missing \(needed for library/);
    expect(await page.textContent(".total-caveat")).toBe("1 incomplete line not counted");
    expect(await page.textContent("#total")).toBe("$0.00");
    expect(await page.textContent("#result")).not.toContain("distributor_gross");
  });

  it("without a share, the total is the title's whole pool; with one, the pool and your share, and you are owed the share", async () => {
    // Example 4b: 6% × 10,000 = $600.00, the title's pool; × 25% = $150.00.
    await page.goto(addressOf(EXAMPLES[4]!));
    expect(await page.textContent("#total-label")).toBe("The title's whole pool, not your share");
    expect(await page.textContent(".split")).toBe("Title pool: $600.00 Your share: not given ");
    expect(await page.textContent("#status")).toBe("The title's whole pool is $600.00, not your share.");
    await page.fill("#share", "25%");
    expect(await page.textContent("#total-label")).toBe("You are owed");
    expect(await page.textContent("#total")).toBe("$150.00");
    expect(await page.textContent("#title-pool")).toBe("$600.00");
    expect(await page.textContent("#your-share")).toBe("$150.00");
    expect(await page.textContent("#status")).toBe("You are owed $150.00.");
    expect(page.url()).toContain("share=25%25");
  });

  it("takes the share as a percentage or a fraction, exactly, and marks a malformed or out-of-range one", async () => {
    // 6% × 10,000 = 600.00; × 12.5% = 75.00; × 0.125 the same.
    await page.goto(`${addressOf(EXAMPLES[4]!)}&share=12.5%25`);
    expect(await page.textContent("#total")).toBe("$75.00");
    await page.fill("#share", "0.125");
    expect(await page.textContent("#total")).toBe("$75.00");
    await page.fill("#share", "150%");
    expect(await page.textContent("#share-error")).toBe("must be from 0 to 1, or 0% to 100%");
    expect(await page.getAttribute("#share", "aria-invalid")).toBe("true");
    expect(await page.locator("#total").count()).toBe(0);
    await page.fill("#share", "a quarter");
    expect(await page.textContent("#share-error")).toBe("not a fraction or a percentage (expected 0.25 or 25%)");
  });

  it("warns when a figure rests on an uncertain term", async () => {
    await page.goto(addressOf(EXAMPLES[4]!));
    // The final offer's library rate (6%) is marked uncertain in its contract file.
    expect(await page.textContent(".warning")).toContain("homemediamagazine");
    await page.goto(addressOf(EXAMPLES[0]!));
    expect(await page.locator(".warning").count()).toBe(0);
    expect(await page.textContent(".confidence")).toBe("Terms used: all verified from published sources.");
  });

  it("sets two contracts side by side with the difference", async () => {
    // The final offer pays nothing for streaming a 1972 program; without its 1974 cutoff, 6% × 10,000 of library use.
    await page.goto(`${addressOf(EXAMPLES[3]!)}&compare=what-if-no-1974-cutoff`);
    expect(await page.textContent("#total-a")).toBe("$0.00");
    expect(await page.textContent("#total-b")).toBe("$600.00");
    expect(await page.textContent("#difference")).toBe("+$600.00");
  });

  it("works with the keyboard alone, and the form does not move when the answer changes", async () => {
    await page.goto(addressOf(EXAMPLES[0]!));
    const where = () => page.locator("#tam").evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
    const before = await where();
    await page.focus("#contract");
    for (let step = 0; step < 40 && (await page.evaluate(() => document.activeElement?.id)) !== "tam"; step++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tam");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("759");
    expect(await page.textContent("#total")).toBe("$22.77");
    expect(await where()).toBe(before);
  });

  it("re-computes as a field changes (time measured in the page)", async () => {
    await page.goto(addressOf(EXAMPLES[5]!));
    const times: number[] = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>("#period-1-units")!;
      const out: number[] = [];
      for (let round = 0; round < 21; round++) {
        const start = performance.now();
        input.value = String(100000 + round * 1000);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise(requestAnimationFrame);
        out.push(performance.now() - start);
      }
      return out;
    });
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`estimate page: change to answer painted, median ${sorted[10]!.toFixed(1)} ms, slowest ${sorted[20]!.toFixed(1)} ms (21 changes)`);
    expect(await page.textContent("#total")).toBe("$3,750.00"); // 120,000 units: 1.08% × 250,000 + 2.1% × 50,000
    expect(sorted[10]).toBeLessThan(1000);
  });

  it("writes screenshots of the filled page at 375 and 1280 pixels wide", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.goto(`${addressOf(EXAMPLES[3]!)}&compare=what-if-no-1974-cutoff&tam=2833.33&share=0.25`);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `estimate-page-${width}.png`), fullPage: true });
    }
  });

  it("asked the network for nothing but its own file, and printed no error", () => {
    expect(requests.filter((request) => !request.startsWith(`document ${PAGE}`))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
