// npm run bench: a studio-sized batch, measured against the floor of merely reading and writing it.
// Generates (deterministically, once) 100,000 titles and 1,000,000 usage rows in bench/data/,
// then times (a) the I/O floor, (b) calc under sag-2009, (c) compare of three contracts,
// each in its own process, with its peak resident memory.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { generate } from "./generate.mjs";

const DIR = "bench/data";
const TITLES = 100_000;
const ROWS = 1_000_000;
const stamp = join(DIR, `.generated-${TITLES}-${ROWS}`);

if (!existsSync(stamp)) {
  process.stdout.write(`generating ${TITLES} titles and ${ROWS} usage rows in ${DIR}/ …\n`);
  await generate(DIR, TITLES, ROWS);
  await import("node:fs").then((fs) => fs.writeFileSync(stamp, ""));
}
const titles = join(DIR, "titles.csv");
const usage = join(DIR, "usage.csv");
const rssFile = join(DIR, ".rss");

/** Runs one measured process; returns seconds and peak RSS (MB) of the whole process. */
function measure(label, args) {
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--import", "./bench/rss-hook.mjs", ...args], {
    env: { ...process.env, RESIDUALS_BENCH_RSS: rssFile },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`${label} failed with exit code ${run.status}`);
  }
  const rss = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) / 1024;
  return { label, seconds, rss };
}

const contract = "sag-2009";
const compared = ["sag-2005", "amptp-2008-sag-final-offer", "what-if-no-1974-cutoff"];
const calcOut = join(DIR, "calc-out.csv");

const calc = measure("calc sag-2009", ["dist/cli.js", "calc", "--contract", contract, "--titles", titles, "--usage", usage, "--out", calcOut, "--quiet"]);
const lines = readFileSync(calcOut, "utf8").split("\n").length - 2;
const bytes = statSync(calcOut).size;
const floor = measure("I/O floor", ["dist/io-floor.js", usage, join(DIR, "floor-out.csv"), String(ROWS), String(lines), String(bytes)]);
const single = measure("calc, 1 thread", ["dist/cli.js", "calc", "--contract", contract, "--titles", titles, "--usage", usage, "--out", join(DIR, "calc-1.csv"), "--quiet", "--workers", "1"]);
const compare = measure(`compare ×${compared.length}`, [
  "dist/cli.js", "compare", ...compared.flatMap((id) => ["--contract", id]), "--titles", titles, "--usage", usage, "--out", join(DIR, "compare-out.csv"), "--quiet",
]);
const identical = readFileSync(calcOut).equals(readFileSync(join(DIR, "calc-1.csv")));

const rows = (seconds) => Math.round(ROWS / seconds).toLocaleString("en-US");
const line = (m, ratio) =>
  `${m.label.padEnd(18)} ${m.seconds.toFixed(2).padStart(6)} s  ${rows(m.seconds).padStart(9)} rows/s  ${ratio.padStart(6)}  peak RSS ${m.rss.toFixed(0).padStart(4)} MB`;
process.stdout.write(
  [
    `ledger: ${ROWS.toLocaleString("en-US")} usage rows, ${TITLES.toLocaleString("en-US")} titles; calc writes ${lines.toLocaleString("en-US")} lines (${(bytes / 1e6).toFixed(0)} MB)`,
    line(floor, "1.00×"),
    line(calc, `${(calc.seconds / floor.seconds).toFixed(2)}×`),
    line(single, `${(single.seconds / floor.seconds).toFixed(2)}×`),
    line(compare, `${(compare.seconds / floor.seconds).toFixed(2)}×`),
    `calc output identical with 1 thread and with workers: ${identical ? "yes" : "NO"}`,
  ].join("\n") + "\n",
);
if (!identical) process.exitCode = 1;
