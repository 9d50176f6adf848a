import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import type { Usage } from "../../src/domain/inputs.js";
import { readCsv } from "../../src/io/csv/records.js";
import { csvHeader, rowBodies } from "../../src/io/out/line-format.js";
import { readTitles } from "../../src/io/csv/titles.js";
import { readCatalogue } from "../../src/io/csv/catalogue.js";
import { CastNames } from "../../src/domain/cast-names.js";
import { UsageParser } from "../../src/io/csv/usage.js";
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generate } from "../../bench/generate.mjs";
import { run } from "../cli/run-cli.js";
import { chunking } from "../../src/io/csv/records.js";

const defaultChunkBytes = chunking.bytes;

/**
 * The streaming pass, the parallel pass (worker threads) and the simple path (whole ledger in
 * memory, sorted, computed row by row) must give the same bytes, sorted ledger or not.
 */
let dir: string;
let sorted: string;
let unsorted: string;
let titles: string;
let cast: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "residuals-paths-"));
  // Small, and cut into 16 KiB chunks so that a pass still deals many chunks to its workers.
  await generate(dir, 250, 1500, 7);
  chunking.bytes = 1 << 14;
  titles = join(dir, "titles.csv");
  sorted = join(dir, "usage.csv");
  // Unsorted: the same rows, listed in a scrambled (but fixed) order.
  const [header, ...rows] = readFileSync(sorted, "utf8").trimEnd().split("\n");
  const scrambled = rows.map((row, index) => ({ row, key: (index * 7919) % rows.length })).sort((a, b) => a.key - b.key);
  // A cast for every third title: TAMs for fixed residuals, units for pools (some performers
  // without), names (some without, some a spreadsheet would run, some quoted).
  const ids = readFileSync(titles, "utf8").trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]!);
  const names = ["Ann Lee", "", '"=SUM(A1), ""x"""', "Zoë Ward"];
  const castRows = ids
    .filter((_, index) => index % 3 === 0)
    .flatMap((id, index) => [`${id},${id}-a,${names[index % 4]},${2000 + index}.50,3`, `${id},${id}-b,${names[(index + 1) % 4]},759.00,${index % 2 === 0 ? "" : "1"}`]);
  cast = join(dir, "cast.csv");
  writeFileSync(cast, ["title_id,performer_id,name,tam,units", ...castRows].join("\n") + "\n");
  unsorted = join(dir, "usage-unsorted.csv");
  writeFileSync(unsorted, [header, ...scrambled.map((entry) => entry.row)].join("\n") + "\n");
}, 60_000);

afterAll(() => {
  chunking.bytes = defaultChunkBytes;
  rmSync(dir, { recursive: true, force: true });
});

/** The reference: every row in memory, computed in chronological order, lines in input order. */
async function simplePath(contractId: string, usageFile: string): Promise<string> {
  const catalogue = (await readTitles(titles)).titles;
  const parser = new UsageParser(usageFile, catalogue);
  const rows: Usage[] = [];
  await readCsv(
    usageFile,
    (header) => parser.useHeader(header),
    (batch) => {
      for (const record of batch) rows.push(parser.parse(record) as Usage);
    },
  );
  const lines = calculateLedger(loadContractRef(contractId).contract, catalogue, rows);
  let text = csvHeader(false);
  let number = 0;
  for (const usage of rows) {
    const own = lines.filter((line) => line.usage === usage);
    for (const body of rowBodies(own, "csv", false)) text += `${++number},${body}`;
  }
  return text;
}

const calc = (contract: string, usage: string, workers: number) =>
  run(["calc", "--contract", contract, "--titles", titles, "--usage", usage, "--format", "csv", "--workers", String(workers)]);

/** sag-2009 in both orders; the other contracts in one each, between them both orders again. */
const calcCases = [
  ["sag-2009", "sorted"],
  ["sag-2009", "unsorted"],
  ["wga-2008", "unsorted"],
  ["sag-2005", "sorted"],
] as const;

describe("calc: the simple, streaming and parallel paths agree byte for byte", () => {
  for (const [contract, order] of calcCases) {
    it(`${contract}, ${order} ledger`, async () => {
      const usage = order === "sorted" ? sorted : unsorted;
      const expected = await simplePath(contract, usage);
      const single = await calc(contract, usage, 1);
      const parallel = await calc(contract, usage, 2);
      expect(single.code).toBe(0);
      expect(parallel.code).toBe(0);
      expect(single.stdout).toBe(expected);
      expect(parallel.stdout).toBe(expected);
      expect(parallel.stderr).toBe(single.stderr);
      expect(single.stderr.includes("read again and computed in date order")).toBe(order === "unsorted");
    }, 60_000);
  }
});

describe("calc with a cast: one thread and workers agree", () => {
  it.each(["sag-2009", "dga-2008"])("%s", async (contract) => {
    const args = (workers: number) => ["calc", "--contract", contract, "--titles", titles, "--usage", sorted, "--cast", cast, "--format", "csv", "--workers", String(workers)];
    const single = await run(args(1));
    const parallel = await run(args(2));
    expect(single.code).toBe(0);
    expect(single.stdout).toContain(",payable,applicable_minimum,");
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
  }, 60_000);
});

describe("calc --names: the simple path, one thread and workers agree", () => {
  /** The reference, with names: every row in memory, its lines' bodies made as strings. */
  async function namedSimplePath(contractId: string, usageFile: string, format: "csv" | "json"): Promise<string> {
    const catalogue = await readCatalogue(titles, cast, undefined, readCsv);
    const parser = new UsageParser(usageFile, catalogue.titles);
    const rows: Usage[] = [];
    await readCsv(usageFile, (header) => parser.useHeader(header), (batch) => {
      for (const record of batch) rows.push(parser.parse(record) as Usage);
    });
    const lines = calculateLedger(loadContractRef(contractId).contract, catalogue.titles, rows, catalogue.cast);
    const names = new CastNames(catalogue.cast);
    const bodies: string[] = [];
    for (const usage of rows) bodies.push(...rowBodies(lines.filter((line) => line.usage === usage), format, false, names));
    if (format === "csv") return csvHeader(false, true) + bodies.map((body, index) => `${index + 1},${body}`).join("");
    return `[\n${bodies.map((body, index) => `  {"line":${index + 1},${body}`).join(",\n")}\n]\n`;
  }

  it.each([
    ["sag-2009", "csv", "sorted"],
    ["dga-2008", "json", "unsorted"],
  ] as const)("%s as %s, %s ledger", async (contract, format, order) => {
    const usage = order === "sorted" ? sorted : unsorted;
    const args = (workers: number) => ["calc", "--contract", contract, "--titles", titles, "--usage", usage, "--cast", cast, "--names", "--format", format, "--workers", String(workers)];
    const single = await run(args(1));
    const parallel = await run(args(2));
    expect(single.code).toBe(0);
    expect(single.stdout).toContain(format === "csv" ? `,"'=SUM(A1), ""x""",` : '"name":"=SUM(A1), \\"x\\""');
    expect(single.stdout).toBe(await namedSimplePath(contract, usage, format));
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
  }, 60_000);
});

describe("compare: one thread and workers agree", () => {
  // By title as CSV, the workers write their groups' rows themselves; otherwise they send totals.
  it.each([
    ["title", "csv"],
    ["medium", "csv"],
    ["year", "csv"],
    ["title", "json"],
    // The report: every grouping at once, and only the titles that differ most sent by workers.
    ["title", "html"],
    // A performer's lines come from titles that different workers own.
    ["performer", "csv"],
  ])("grouped by %s, as %s", async (by, format) => {
    const args = (workers: number) => [
      "compare", "--contract", "sag-2005", "--contract", "amptp-2008-sag-final-offer", "--contract", "what-if-no-1974-cutoff",
      "--titles", titles, "--usage", sorted, "--by", by, "--format", format, "--workers", String(workers),
      ...(by === "performer" ? ["--cast", cast] : []),
    ];
    const single = await run(args(1));
    const parallel = await run(args(3));
    expect(single.code).toBe(0);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
  }, 60_000);
});

describe("the same command twice gives the same bytes", () => {
  it.each(["csv", "json"])("calc --explain --format %s on the bundled example", async (format) => {
    const args = [
      "calc", "--contract", "sag-2009", "--titles", "examples/titles.csv", "--usage", "examples/usage.csv",
      "--cast", "examples/cast.csv", "--explain", "--format", format,
    ];
    const first = await run(args);
    const second = await run(args);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
  });
});

describe("a catalogue with bad records: one thread and workers agree", () => {
  // Each worker reads only its own titles' records, so their rejections are merged back in order.
  let messyTitles: string;
  let messyCast: string;
  beforeAll(() => {
    const [header, ...rows] = readFileSync(titles, "utf8").trimEnd().split("\n");
    const first = rows[0]!.split(",");
    messyTitles = join(dir, "titles-messy.csv");
    writeFileSync(
      messyTitles,
      [
        header,
        ...rows.slice(0, 150),
        rows[3], // a duplicate title_id
        "T-short,too,few",
        [`T-bad-date`, ...first.slice(1, 3), "1975-02-30", ...first.slice(4)].join(","),
        [" ", ...first.slice(1)].join(","),
        ...rows.slice(150),
      ].join("\n") + "\n",
    );
    const [castHeader, ...castRows] = readFileSync(cast, "utf8").trimEnd().split("\n");
    messyCast = join(dir, "cast-messy.csv");
    writeFileSync(
      messyCast,
      [castHeader, castRows[0], "NO-SUCH-TITLE,p1,100.00,1", castRows[0], `${first[0]},p-bad,-5,1`, "a,b", "T-bad-date,p2,100.00,1", ...castRows.slice(1)].join("\n") + "\n",
    );
  });

  it.each([2, 3])("calc on %i workers", async (workers) => {
    const args = (count: number) => [
      "calc", "--contract", "sag-2009", "--titles", messyTitles, "--cast", messyCast, "--usage", sorted, "--format", "csv",
      "--workers", String(count), "--rejects", join(dir, `rejects-${count}.csv`),
    ];
    const single = await run(args(1));
    const parallel = await run(args(workers));
    expect(single.code).toBe(3);
    expect(single.stderr).toContain("duplicate title_id");
    expect(single.stderr).toContain("duplicate performer_id");
    expect(parallel.code).toBe(single.code);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
    expect(readFileSync(join(dir, `rejects-${workers}.csv`), "utf8")).toBe(readFileSync(join(dir, "rejects-1.csv"), "utf8"));
  }, 60_000);

  it("--strict stops at the same record", async () => {
    const args = (count: number) => ["calc", "--contract", "sag-2009", "--titles", messyTitles, "--cast", messyCast, "--usage", sorted, "--strict", "--workers", String(count)];
    const single = await run(args(1));
    const parallel = await run(args(2));
    expect(single.code).not.toBe(0);
    expect(parallel.code).toBe(single.code);
    expect(parallel.stderr).toBe(single.stderr);
  }, 60_000);
});

describe("workers started before the contracts are loaded: one thread and workers fail alike", () => {
  // The workers read the catalogue while the contracts load; what fails first is still what is reported.
  it.each([
    ["an unknown contract", ["calc", "--contract", "no-such-contract"], "no-such-contract"],
    ["a compare naming a contract twice", ["compare", "--contract", "sag-2009", "--contract", "sag-2009"], "given twice"],
    ["an output folder that does not exist", ["calc", "--contract", "sag-2009", "--out", "/no/such/folder/out.csv"], "does not exist"],
    ["a titles file that does not exist", ["calc", "--contract", "sag-2009", "--titles", "/no/such/titles.csv"], "/no/such/titles.csv"],
    ["a missing titles file and an unknown contract", ["compare", "--contract", "sag-2009", "--contract", "nope", "--titles", "/no/such/titles.csv"], "nope"],
  ])("%s", async (_case, command, reported) => {
    const args = (count: number) => {
      const given = [...command, "--usage", sorted, "--format", "csv", "--workers", String(count)];
      return given.includes("--titles") ? given : [...given, "--titles", titles];
    };
    const single = await run(args(1));
    const parallel = await run(args(2));
    expect(single.code).not.toBe(0);
    expect(single.stderr).toContain(reported);
    expect(parallel).toEqual(single);
  }, 60_000);
});
