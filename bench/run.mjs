// npm run bench: batch runs over ledgers of several shapes, each measured against its own I/O
// floor (reading, parsing and writing the same file with the same reader and writer, without
// calculating). Generates the data deterministically, once, in bench/data/:
//   (a) monthly statements, LF line ends, no quotes, in date order;
//   (b) the rows of (a) with CRLF line ends and every text field quoted;
//   (c) periods from a day to a year, columns in another order, 5% of rows missing data, a cast file;
//   (d) the rows of (c) shuffled;
//   (e) with --large: 10,000,000 rows of (c), in date order and shuffled (peak memory, same bytes).
// Each run is its own process; its peak resident memory is recorded by bench/rss-hook.mjs.
// Options: --large, --shapes a,b,c,d, --dist <folder of a build> (to measure another build).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { generateShapes, generateVaried, shuffleLines } from "./generate.mjs";

const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  return at < 0 ? undefined : argv[at + 1];
};
const large = argv.includes("--large");
const dist = resolve(option("--dist") ?? "dist");
const chosen = (option("--shapes") ?? "a,b,c,d").split(",");

const DIR = "bench/data";
const TITLES = 100_000;
const ROWS = 1_000_000;
const LARGE_ROWS = 10_000_000;

const stamp = join(DIR, `.generated-shapes-${TITLES}-${ROWS}`);
if (!existsSync(stamp)) {
  process.stdout.write(`generating ${TITLES} titles and ledgers of ${ROWS} usage rows in ${DIR}/ …\n`);
  await generateShapes(DIR, TITLES, ROWS);
  writeFileSync(stamp, "");
}
const largeStamp = join(DIR, `.generated-large-${LARGE_ROWS}`);
if (large && !existsSync(largeStamp)) {
  process.stdout.write(`generating ledgers of ${LARGE_ROWS} usage rows in ${DIR}/ …\n`);
  await generateVaried(DIR, TITLES, LARGE_ROWS, "usage-varied-10m.csv");
  await shuffleLines(join(DIR, "usage-varied-10m.csv"), join(DIR, "usage-shuffled-10m.csv"), LARGE_ROWS);
  writeFileSync(largeStamp, "");
}

const monthly = { titles: join(DIR, "titles.csv") };
const varied = { titles: join(DIR, "titles-varied.csv"), cast: join(DIR, "cast-varied.csv") };
const SHAPES = [
  { key: "a", label: "(a) monthly LF", usage: join(DIR, "usage.csv"), rows: ROWS, ...monthly },
  { key: "b", label: "(b) CRLF, quoted", usage: join(DIR, "usage-quoted.csv"), rows: ROWS, ...monthly },
  { key: "c", label: "(c) varied + cast", usage: join(DIR, "usage-varied.csv"), rows: ROWS, ...varied },
  { key: "d", label: "(d) (c) shuffled", usage: join(DIR, "usage-shuffled.csv"), rows: ROWS, ...varied },
].filter((shape) => chosen.includes(shape.key));
const LARGE = [
  { key: "e1", label: "(e) 10M in order", usage: join(DIR, "usage-varied-10m.csv"), rows: LARGE_ROWS, ...varied },
  { key: "e2", label: "(e) 10M shuffled", usage: join(DIR, "usage-shuffled-10m.csv"), rows: LARGE_ROWS, ...varied },
];

const rssFile = join(DIR, ".rss");
const cli = join(dist, "cli.js");

/** Runs one measured process writing `out`; returns seconds and peak RSS (MB) of the whole process. */
function measure(args, out) {
  rmSync(rssFile, { force: true });
  // Each run writes a file that is not there yet. Put in place over the one the run before wrote
  // (which the sync below has put on disk), the output would charge the run for the file system
  // discarding that file, which no part of the run does (docs/performance.md).
  rmSync(out, { force: true });
  // The files the runs before wrote are flushed to disk first: otherwise the system writes them
  // out during whichever run comes some seconds later, and charges it for them.
  spawnSync("sync");
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--import", "./bench/rss-hook.mjs", ...args], {
    env: { ...process.env, RESIDUALS_BENCH_RSS: rssFile },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // calc exits 3 when it rejected rows (shape (c) has rows without a gross).
  if (run.status !== 0 && run.status !== 3) {
    process.stderr.write(run.stderr);
    throw new Error(`${args.join(" ")} failed with exit code ${run.status}`);
  }
  const rss = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) / 1024;
  return { seconds, rss };
}

const calcArgs = (shape, out, workers) => [
  cli, "calc", "--contract", "sag-2009", "--titles", shape.titles, ...(shape.cast ? ["--cast", shape.cast] : []),
  "--usage", shape.usage, "--quiet", "--out", out, ...(workers ? ["--workers", String(workers)] : []),
];
const outOf = (shape, suffix = "") => join(DIR, `out-${shape.key}${suffix}.csv`);
const floorOut = join(DIR, "floor-out.csv");

/** Lines (header excluded) and bytes of an output file. */
async function sizeOf(file) {
  let lines = -1;
  for await (const _ of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) lines++;
  return { lines, bytes: statSync(file).size };
}

/**
 * An order-free digest of an output's lines without their first two columns (line number and
 * usage row), and with the usage rows their notes name left out (a fixed period already paid
 * names the row that paid it, by its number): two ledgers with the same rows in another order
 * give the same lines for each row, so the same digest. Two 32-bit hashes summed over the
 * lines, and the count.
 */
async function linesDigest(file) {
  let first = true;
  let sumA = 0;
  let sumB = 0;
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (first) {
      first = false;
      continue;
    }
    const rest = line.slice(line.indexOf(",", line.indexOf(",") + 1) + 1).replace(/usage row \d+/g, "usage row");
    let a = 0x811c9dc5;
    let b = 0x12345678;
    for (let i = 0; i < rest.length; i++) {
      const code = rest.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b + code, 0x5bd1e995) ^ (b >>> 13);
    }
    sumA = (sumA + (a >>> 0)) >>> 0;
    sumB = (sumB + (b >>> 0)) >>> 0;
    count++;
  }
  return `${count}:${sumA.toString(16)}:${sumB.toString(16)}`;
}

/** Whether two files hold the same bytes (read as streams: an output may be larger than a buffer can be). */
async function sameBytes(a, b) {
  const digest = async (file) => {
    const hash = createHash("sha256");
    for await (const block of createReadStream(file)) hash.update(block);
    return hash.digest("hex");
  };
  return statSync(a).size === statSync(b).size && (await digest(a)) === (await digest(b));
}

// calc runs first on each shape: its floor writes as many lines and bytes as it does.
const sizes = new Map();
for (const shape of [...SHAPES, ...(large ? LARGE : [])]) {
  measure(calcArgs(shape, outOf(shape)), outOf(shape));
  sizes.set(shape.key, await sizeOf(outOf(shape)));
}
const floorArgs = (shape) => {
  const { lines, bytes } = sizes.get(shape.key);
  return [join(dist, "io-floor.js"), shape.usage, floorOut, String(shape.rows), String(lines), String(bytes)];
};

// This machine's speed drifts from minute to minute (and others share it): the measurements are
// taken in rounds, each round running every shape's floor and calc one after another, and each
// time is the median over the rounds (peak memory: the highest seen). A ratio to the floor is
// the median of each round's ratio to that round's floor of the same shape, measured seconds
// before it, so a slow minute weighs on both sides of it.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const seen = new Map(SHAPES.map((shape) => [shape.key, { floor: [], calc: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const shape of SHAPES) {
    seen.get(shape.key).floor.push(measure(floorArgs(shape), floorOut));
    seen.get(shape.key).calc.push(measure(calcArgs(shape, outOf(shape)), outOf(shape)));
  }
}

// One thread: once per shape, for the bytes (and its time, for the record).
const single = new Map();
for (const shape of [...SHAPES, ...(large ? LARGE : [])]) single.set(shape.key, measure(calcArgs(shape, outOf(shape, "-1"), 1), outOf(shape, "-1")));
// The large shapes are run once each (a run takes a minute), their floor too.
const largeSeen = new Map();
if (large) for (const shape of LARGE) largeSeen.set(shape.key, { floor: [measure(floorArgs(shape), floorOut)], calc: [measure(calcArgs(shape, outOf(shape)), outOf(shape))] });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const rowsOut = [];
rowsOut.push(`shape                  floor s    calc s     rows/s   × floor (rounds)      peak RSS   1 thread s  same bytes as 1 thread`);
for (const shape of [...SHAPES, ...(large ? LARGE : [])]) {
  const m = seen.get(shape.key) ?? largeSeen.get(shape.key);
  const ratios = m.calc.map((run, round) => run.seconds / m.floor[round].seconds);
  const floorSeconds = median(m.floor.map((run) => run.seconds));
  const calcSeconds = median(m.calc.map((run) => run.seconds));
  const range = ratios.length > 1 ? `(${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : "";
  const rss = Math.max(...m.calc.map((run) => run.rss));
  const same = await sameBytes(outOf(shape), outOf(shape, "-1"));
  rowsOut.push(
    `${shape.label.padEnd(20)} ${floorSeconds.toFixed(2).padStart(8)} ${calcSeconds.toFixed(2).padStart(9)} ${fmt(shape.rows / calcSeconds).padStart(10)}   ${median(ratios).toFixed(2).padStart(5)}× ${range.padEnd(13)} ${rss.toFixed(0).padStart(6)} MB ${single.get(shape.key).seconds.toFixed(2).padStart(10)}  ${same ? "yes" : "NO"}`,
  );
  if (!same) process.exitCode = 1;
}

// Across shapes: (b) holds (a)'s rows, so its output is (a)'s byte for byte; (d) holds (c)'s in
// another order, so each row has the same lines.
const checks = [];
const has = (key) => SHAPES.some((shape) => shape.key === key);
if (has("a") && has("b")) checks.push(["(a) and (b) give the same bytes", await sameBytes(outOf({ key: "a" }), outOf({ key: "b" }))]);
if (has("c") && has("d")) checks.push(["(c) and (d) give the same lines for each row", (await linesDigest(outOf({ key: "c" }))) === (await linesDigest(outOf({ key: "d" })))]);
if (large) checks.push(["(e) in order and shuffled give the same lines for each row", (await linesDigest(outOf(LARGE[0]))) === (await linesDigest(outOf(LARGE[1])))]);
for (const [, ok] of checks) if (!ok) process.exitCode = 1;

process.stdout.write(
  [
    `ledgers of ${fmt(ROWS)} usage rows${large ? ` (and ${fmt(LARGE_ROWS)})` : ""}, ${fmt(TITLES)} titles, calc under sag-2009 with the default threads; build: ${dist}`,
    `median of ${ROUNDS} rounds (BENCH_ROUNDS): times, and ratios to the same round's floor of the same shape (in brackets: the rounds' lowest and highest); peak RSS the highest seen`,
    ...rowsOut,
    ...[...sizes].map(([key, size]) => `output (${key}): ${fmt(size.lines)} lines, ${(size.bytes / 1e6).toFixed(0)} MB`),
    ...checks.map(([what, ok]) => `${what}: ${ok ? "yes" : "NO"}`),
  ].join("\n") + "\n",
);
