import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { chromiumMissing, launchChromium } from "./chromium.js";

const missing = chromiumMissing();

describe.skipIf(missing !== undefined)("the page-test browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders a page and runs its script", async () => {
    const page = await browser.newPage();
    await page.setContent("<p id=out></p><script>document.getElementById('out').textContent = String(6 * 7)</script>");
    expect(await page.textContent("#out")).toBe("42");
    await page.close();
  });
});
