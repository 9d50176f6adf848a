// npm run bench: a studio-sized batch, measured against the floor of merely reading and writing it.
// Generates (deterministically, once) 100,000 titles and 1,000,000 usage rows in bench/data/,
// then times (a) the I/O floor, (b) calc under sag-2009, (c) compare of three contracts,
// each in its own process, with its peak resident memory, over several rounds.
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
  // The files the runs before wrote are flushed to disk first: otherwise the system writes them
  // out during whichever run comes some seconds later, and charges it for their 185 MB.
  spawnSync("sync");
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
const calcArgs = ["dist/cli.js", "calc", "--contract", contract, "--titles", titles, "--usage", usage, "--quiet"];

// calc runs first: the floor writes as many lines and bytes as it does.
measure("calc sag-2009", [...calcArgs, "--out", calcOut]);
const lines = readFileSync(calcOut, "utf8").split("\n").length - 2;
const bytes = statSync(calcOut).size;
const runs = {
  floor: ["I/O floor", ["dist/io-floor.js", usage, join(DIR, "floor-out.csv"), String(ROWS), String(lines), String(bytes)]],
  calc: ["calc sag-2009", [...calcArgs, "--out", calcOut]],
  single: ["calc, 1 thread", [...calcArgs, "--out", join(DIR, "calc-1.csv"), "--workers", "1"]],
  compare: [`compare ×${compared.length}`, ["dist/cli.js", "compare", ...compared.flatMap((id) => ["--contract", id]), "--titles", titles, "--usage", usage, "--out", join(DIR, "compare-out.csv"), "--quiet"]],
};

// This machine's speed drifts from minute to minute: the measurements are taken in rounds, each
// round running all of them one after another, and each time is the median over the rounds
// (peak memory: the highest seen). A ratio to the floor is the median of each round's ratio to
// that round's floor, measured seconds before it, so a slow minute weighs on both sides of it.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const seen = Object.fromEntries(Object.keys(runs).map((key) => [key, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [key, [label, args]] of Object.entries(runs)) seen[key].push(measure(label, args));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (key) => ({
  label: runs[key][0],
  seconds: median(seen[key].map((m) => m.seconds)),
  ratio: median(seen[key].map((m, round) => m.seconds / seen.floor[round].seconds)),
  // The rounds' ratios vary with this machine's minute-to-minute speed: their range is shown.
  ratios: seen[key].map((m, round) => m.seconds / seen.floor[round].seconds),
  rss: Math.max(...seen[key].map((m) => m.rss)),
});
const [floor, calc, single, compare] = ["floor", "calc", "single", "compare"].map(summary);
const identical = readFileSync(calcOut).equals(readFileSync(join(DIR, "calc-1.csv")));

const rows = (seconds) => Math.round(ROWS / seconds).toLocaleString("en-US");
const range = (m) => `(${Math.min(...m.ratios).toFixed(2)}–${Math.max(...m.ratios).toFixed(2)})`;
const line = (m, ratio) =>
  `${m.label.padEnd(18)} ${m.seconds.toFixed(2).padStart(6)} s  ${rows(m.seconds).padStart(9)} rows/s  ${ratio.padStart(6)} ${(m === floor ? "" : range(m)).padEnd(13)}  peak RSS ${m.rss.toFixed(0).padStart(4)} MB`;
process.stdout.write(
  [
    `ledger: ${ROWS.toLocaleString("en-US")} usage rows, ${TITLES.toLocaleString("en-US")} titles; calc writes ${lines.toLocaleString("en-US")} lines (${(bytes / 1e6).toFixed(0)} MB)`,
    `median of ${ROUNDS} rounds (BENCH_ROUNDS): times, and ratios to the same round's floor (in brackets: the rounds' lowest and highest); peak RSS the highest seen`,
    line(floor, "1.00×"),
    line(calc, `${calc.ratio.toFixed(2)}×`),
    line(single, `${single.ratio.toFixed(2)}×`),
    line(compare, `${compare.ratio.toFixed(2)}×`),
    `calc output identical with 1 thread and with workers: ${identical ? "yes" : "NO"}`,
  ].join("\n") + "\n",
);
if (!identical) process.exitCode = 1;
