// Deterministic benchmark data: a studio-sized catalogue and ledger (never committed).
// Usage: node bench/generate.mjs [dir] [titles] [rows]
import { mkdirSync, createWriteStream } from "node:fs";
import { join } from "node:path";

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

function writeLines(path, lines) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on("error", reject);
    out.on("finish", resolve);
    let chunk = "";
    for (const line of lines) {
      chunk += line + "\n";
      if (chunk.length > 1 << 16) {
        out.write(chunk);
        chunk = "";
      }
    }
    out.end(chunk);
  });
}

export async function generate(dir, titleCount = 100_000, rowCount = 1_000_000, seed = 2008) {
  mkdirSync(dir, { recursive: true });
  const random = prng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const markets = ["network-prime-time", "network", "cable", "syndication"];

  const titles = [];
  const titleLines = ["title_id,title,kind,produced_on,first_aired_on,runtime_minutes,first_season,market,budget,residual_base"];
  for (let i = 0; i < titleCount; i++) {
    const roll = random();
    const kind = roll < 0.6 ? "tv" : roll < 0.9 ? "feature" : "new-media";
    // Some titles from before the 1971/1974/1977 cutoffs, most recent.
    const produced = kind === "new-media" ? dayOf("2007-01-01") + Math.floor(random() * 900) : dayOf(random() < 0.15 ? "1962-01-01" : "1975-01-01") + Math.floor(random() * 12_000);
    const aired = produced + 60 + Math.floor(random() * 300);
    const runtime = kind === "feature" ? 90 + Math.floor(random() * 50) : kind === "tv" ? pick([30, 60]) : pick([5, 10, 22]);
    const id = `T${String(i).padStart(6, "0")}`;
    const market = kind === "tv" ? pick(markets) : kind === "feature" ? "theatrical" : "new-media";
    const budget = kind === "new-media" ? `${(5_000 + Math.floor(random() * 40_000)) * runtime}.00` : "";
    const base = kind === "tv" ? (runtime === 60 ? "20000" : "10000") : "";
    titles.push(id);
    titleLines.push(`${id},Title ${i},${kind},${iso(produced)},${iso(aired)},${runtime},${random() < 0.2 ? "yes" : "no"},${market},${budget},${base}`);
  }
  await writeLines(join(dir, "titles.csv"), titleLines);

  // Monthly statements from July 2008, in date order as distributors send them.
  const media = ["ad-supported-streaming", "ad-supported-streaming", "subscription-streaming", "rental", "electronic-sell-through", "electronic-sell-through"];
  const months = 36;
  const usageLines = ["title_id,medium,period_start,period_end,distributor_gross,units"];
  for (let m = 0; m < months; m++) {
    const start = Date.UTC(2008, 6 + m, 1) / DAY;
    const end = Date.UTC(2008, 7 + m, 1) / DAY - 1;
    const rowsThisMonth = Math.floor(rowCount / months) + (m < rowCount % months ? 1 : 0);
    for (let r = 0; r < rowsThisMonth; r++) {
      // A fifth of the catalogue sells most, so EST counters cross their tiers.
      const title = random() < 0.5 ? titles[Math.floor(random() * (titleCount / 5))] : pick(titles);
      const medium = pick(media);
      const cents = Math.floor(random() * 5_000_000);
      const gross = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
      const units = medium === "electronic-sell-through" || medium === "rental" ? String(Math.floor(random() * 12_000)) : "";
      usageLines.push(`${title},${medium},${iso(start)},${iso(end)},${gross},${units}`);
    }
  }
  await writeLines(join(dir, "usage.csv"), usageLines);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = "bench/data", titles = "100000", rows = "1000000"] = process.argv.slice(2);
  await generate(dir, Number(titles), Number(rows));
  console.log(`wrote ${dir}/titles.csv and ${dir}/usage.csv`);
}
