// Deterministic benchmark data (never committed): a studio-sized catalogue and ledgers of
// several shapes, every run writing the same bytes.
// Usage: node bench/generate.mjs [dir] [titles] [rows]
import { createReadStream, createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** mulberry32: a tiny seeded PRNG, so every run writes the same bytes. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (text) => Date.parse(`${text}T00:00:00Z`) / DAY;

/** A file written line by line, in blocks; `end()` resolves once it is on disk. */
function lineWriter(path, newline = "\n") {
  const out = createWriteStream(path);
  const done = new Promise((resolve, reject) => {
    out.on("error", reject);
    out.on("finish", resolve);
  });
  let chunk = "";
  return {
    async line(text) {
      chunk += text + newline;
      if (chunk.length > 1 << 16) {
        const ok = out.write(chunk);
        chunk = "";
        if (!ok) await new Promise((resolve) => out.once("drain", resolve));
      }
    },
    end() {
      out.end(chunk);
      return done;
    },
  };
}

async function writeLines(path, lines, newline = "\n") {
  const out = lineWriter(path, newline);
  for (const line of lines) await out.line(line);
  await out.end();
}

/** Every line of a text file but the first, in order. */
async function* dataLines(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) first = false;
    else yield line;
  }
}

const MEDIA = ["ad-supported-streaming", "ad-supported-streaming", "subscription-streaming", "rental", "electronic-sell-through", "electronic-sell-through"];
const MARKETS = ["network-prime-time", "network", "cable", "syndication"];

/**
 * The catalogue: `titleCount` titles, some produced before the 1971/1974/1977 cutoffs. With
 * `gaps`, some titles lack first_aired_on (their streaming rows are incomplete).
 */
function catalogue(random, titleCount, gaps) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const ids = [];
  const lines = ["title_id,title,kind,produced_on,first_aired_on,runtime_minutes,first_season,market,budget,residual_base"];
  for (let i = 0; i < titleCount; i++) {
    const roll = random();
    const kind = roll < 0.6 ? "tv" : roll < 0.9 ? "feature" : "new-media";
    const produced = kind === "new-media" ? dayOf("2007-01-01") + Math.floor(random() * 900) : dayOf(random() < 0.15 ? "1962-01-01" : "1975-01-01") + Math.floor(random() * 12_000);
    const aired = produced + 60 + Math.floor(random() * 300);
    const runtime = kind === "feature" ? 90 + Math.floor(random() * 50) : kind === "tv" ? pick([30, 60]) : pick([5, 10, 22]);
    const id = `T${String(i).padStart(6, "0")}`;
    const market = kind === "tv" ? pick(MARKETS) : kind === "feature" ? "theatrical" : "new-media";
    const budget = kind === "new-media" ? `${(5_000 + Math.floor(random() * 40_000)) * runtime}.00` : "";
    const base = kind === "tv" ? (runtime === 60 ? "20000" : "10000") : "";
    const firstAired = gaps && random() < 0.03 ? "" : iso(aired);
    ids.push(id);
    lines.push(`${id},Title ${i},${kind},${iso(produced)},${firstAired},${runtime},${random() < 0.2 ? "yes" : "no"},${market},${budget},${base}`);
  }
  return { ids, lines };
}

/** A title id: a fifth of the catalogue sells most, so EST counters cross their tiers. */
function titlePicker(random, ids) {
  return () => (random() < 0.5 ? ids[Math.floor(random() * (ids.length / 5))] : ids[Math.floor(random() * ids.length)]);
}

function grossText(random) {
  const cents = Math.floor(random() * 5_000_000);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * Shape (a): monthly statements from July 2008, LF line ends, no quotes, in date order as
 * distributors send them (the ledger the benchmark always had: the same bytes).
 */
export async function generateMonthly(dir, titleCount, rowCount, seed = 2008) {
  mkdirSync(dir, { recursive: true });
  const random = prng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const { ids, lines } = catalogue(random, titleCount, false);
  await writeLines(join(dir, "titles.csv"), lines);
  const title = titlePicker(random, ids);
  const months = 36;
  const out = lineWriter(join(dir, "usage.csv"));
  await out.line("title_id,medium,period_start,period_end,distributor_gross,units");
  for (let m = 0; m < months; m++) {
    const start = Date.UTC(2008, 6 + m, 1) / DAY;
    const end = Date.UTC(2008, 7 + m, 1) / DAY - 1;
    const rowsThisMonth = Math.floor(rowCount / months) + (m < rowCount % months ? 1 : 0);
    for (let r = 0; r < rowsThisMonth; r++) {
      const id = title();
      const medium = pick(MEDIA);
      const gross = grossText(random);
      const units = medium === "electronic-sell-through" || medium === "rental" ? String(Math.floor(random() * 12_000)) : "";
      await out.line(`${id},${medium},${iso(start)},${iso(end)},${gross},${units}`);
    }
  }
  await out.end();
}

/** Shape (b): the rows of `from` with CRLF line ends and every text field quoted (the header too). */
export async function generateQuoted(from, to) {
  const out = lineWriter(to, "\r\n");
  await out.line(["title_id", "medium", "period_start", "period_end", "distributor_gross", "units"].map((name) => `"${name}"`).join(","));
  for await (const line of dataLines(from)) {
    const [title, medium, start, end, gross, units] = line.split(",");
    await out.line(`"${title}","${medium}","${start}","${end}",${gross},${units}`);
  }
  await out.end();
}

/**
 * Shape (c): periods from one day to a year starting on any day over three years (so rows
 * cross the streaming windows' zones and the EST tiers), columns in another order than (a)'s
 * plus one the reader ignores, 5% of rows missing data (EST without units: incomplete; no
 * gross: rejected), some titles without first_aired_on, and a cast file for a fifth of the
 * titles. In date order; ties in the order written.
 */
export async function generateVaried(dir, titleCount, rowCount, usageName = "usage-varied.csv", seed = 1974) {
  mkdirSync(dir, { recursive: true });
  const random = prng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const { ids, lines } = catalogue(random, titleCount, true);
  await writeLines(join(dir, "titles-varied.csv"), lines);

  const cast = ["title_id,performer_id,name,tam,units"];
  for (const id of ids) {
    if (random() >= 0.2) continue;
    const performers = 2 + Math.floor(random() * 3);
    for (let p = 0; p < performers; p++) {
      const tam = random() < 0.9 ? `${1_000 + Math.floor(random() * 4_000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}` : "";
      cast.push(`${id},${id}-P${p + 1},Performer ${p + 1} of ${id},${tam},${1 + Math.floor(random() * 3)}`);
    }
  }
  await writeLines(join(dir, "cast-varied.csv"), cast);

  const title = titlePicker(random, ids);
  const lengths = [1, 7, 14, 30, 31, 90, 91, 182, 365];
  const first = dayOf("2008-07-01");
  const days = 3 * 365;
  const out = lineWriter(join(dir, usageName));
  await out.line("distributor,title_id,period_start,period_end,medium,units,distributor_gross");
  // No two rows of a title and medium start on the same day: ties go by input order, so such
  // rows shuffled would rightly give other lines, and shapes (c) and (d) could not be compared.
  const taken = new Set();
  for (let d = 0; d < days; d++) {
    const rowsThisDay = Math.floor(rowCount / days) + (d < rowCount % days ? 1 : 0);
    taken.clear();
    for (let r = 0; r < rowsThisDay; r++) {
      const start = first + d;
      const end = start + pick(lengths) - 1 - (random() < 0.5 ? 0 : Math.floor(random() * 5));
      const medium = pick(MEDIA);
      let id = title();
      while (taken.has(`${id} ${medium}`)) id = title();
      taken.add(`${id} ${medium}`);
      const counted = medium === "electronic-sell-through" || medium === "rental";
      const missing = random();
      const units = counted && missing >= 0.025 ? String(Math.floor(random() * 12_000)) : "";
      const gross = missing >= 0.025 && missing < 0.05 ? "" : grossText(random);
      await out.line(`D${1 + Math.floor(random() * 9)},${id},${iso(start)},${iso(Math.max(start, end))},${medium},${units},${gross}`);
    }
  }
  await out.end();
}

/**
 * Shape (d): the data lines of `from` in a random order (the header stays first). Lines are
 * dealt at random to piles of a million at most, each pile then shuffled in memory (Fisher-Yates)
 * and written after the last: a uniform shuffle whose memory stays bounded for 10M rows.
 */
export async function shuffleLines(from, to, rowCount, seed = 2023) {
  const random = prng(seed);
  const piles = Math.max(1, Math.ceil(rowCount / 1_000_000));
  const pileFiles = Array.from({ length: piles }, (_, i) => `${to}.pile-${i}`);
  let header = "";
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    header = line;
    break;
  }
  if (piles === 1) {
    const lines = [];
    for await (const line of dataLines(from)) lines.push(line);
    shuffleInPlace(lines, random);
    await writeLines(to, [header, ...lines]);
    return;
  }
  const writers = pileFiles.map((file) => lineWriter(file));
  for await (const line of dataLines(from)) await writers[Math.floor(random() * piles)].line(line);
  await Promise.all(writers.map((writer) => writer.end()));
  const out = lineWriter(to);
  await out.line(header);
  for (const file of pileFiles) {
    const lines = [];
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) lines.push(line);
    shuffleInPlace(lines, random);
    for (const line of lines) await out.line(line);
    rmSync(file);
  }
  await out.end();
}

function shuffleInPlace(lines, random) {
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
}

/** The monthly catalogue and ledger, shape (a), alone (as tests use them). */
export function generate(dir, titleCount = 100_000, rowCount = 1_000_000, seed = 2008) {
  return generateMonthly(dir, titleCount, rowCount, seed);
}

/** The files of shapes (a) to (d) in `dir`. */
export async function generateShapes(dir, titleCount = 100_000, rowCount = 1_000_000) {
  await generateMonthly(dir, titleCount, rowCount);
  await generateQuoted(join(dir, "usage.csv"), join(dir, "usage-quoted.csv"));
  await generateVaried(dir, titleCount, rowCount);
  await shuffleLines(join(dir, "usage-varied.csv"), join(dir, "usage-shuffled.csv"), rowCount);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = "bench/data", titles = "100000", rows = "1000000"] = process.argv.slice(2);
  await generateShapes(dir, Number(titles), Number(rows));
  console.log(`wrote the catalogues and ledgers in ${dir}/`);
}
