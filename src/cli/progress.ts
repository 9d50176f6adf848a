import { openSync, readSync, closeSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import type CliProgress from "cli-progress";
import type { Console } from "./console.js";

/** Loaded only when a bar is drawn: most runs (not on a terminal, or --quiet) start without it. */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)("cli-progress") as typeof CliProgress;

/** How much of the file is sampled to estimate its number of rows. */
const SAMPLE_BYTES = 1 << 16;

/**
 * A progress bar on stderr for long runs: rows, rows per second and time left. Only on a
 * terminal and without --quiet: otherwise stderr carries diagnostics alone, so nothing is made.
 * The row count is estimated from the file's size and the rows in its first 64 KB.
 */
export function ledgerProgress(console: Console, usageFile: string, quiet: boolean): { update(records: number): void; stop(): void } | undefined {
  if (quiet || !console.stderr.isTTY) return undefined;
  const estimate = estimateRows(usageFile);
  if (estimate === undefined) return undefined;
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    {
      stream: console.stderr as NodeJS.WritableStream,
      format: "{bar} {percentage}% | {value} of ~{total} rows | {speed} rows/s | ETA {eta_formatted}",
      fps: 5,
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(estimate, 0, { speed: "0" });
  return {
    update(records: number) {
      const seconds = (Date.now() - started) / 1000;
      // The estimate may be short: the total grows with the count rather than stopping at 100%.
      if (records > bar.getTotal()) bar.setTotal(records);
      bar.update(records, { speed: seconds > 0 ? Math.round(records / seconds).toLocaleString("en-US") : "0" });
    },
    stop() {
      bar.stop();
    },
  };
}

function estimateRows(file: string): number | undefined {
  try {
    const size = statSync(file).size;
    const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    const fd = openSync(file, "r");
    try {
      readSync(fd, sample, 0, sample.length, 0);
    } finally {
      closeSync(fd);
    }
    let lines = 0;
    for (const byte of sample) if (byte === 10) lines++;
    if (lines === 0) return undefined;
    return Math.max(1, Math.round((size * lines) / sample.length) - 1);
  } catch {
    return undefined;
  }
}
