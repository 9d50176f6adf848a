import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * A real Chromium for page tests: Debian's `chromium` package (.ci/run installs it), driven by
 * playwright-core, whose own browser downloads this project does not use. CHROMIUM_PATH points
 * elsewhere when the browser lives somewhere else.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why page tests cannot run here, or undefined when they can. CI has the browser, so there they never skip. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI) throw new Error(`no Chromium at ${CHROMIUM_PATH}: .ci/run installs Debian's chromium package`);
  return `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

// Headless, and quiet on a closed network: without the background-networking flags Chromium
// keeps trying to reach its update and sync services.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}
