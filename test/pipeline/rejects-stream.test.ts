import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { chunking } from "../../src/io/csv/records.js";
import { Output } from "../../src/io/out/output-file.js";
import { REJECTIONS_SHOWN, RejectsLog } from "../../src/io/out/rejects.js";
import { passOverLedger } from "../../src/pipeline/ledger-pass.js";
import { LinesWriter } from "../../src/pipeline/lines-writer.js";
import { heldBytes } from "../../src/pipeline/parallel/input-order.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";

/**
 * Rejections are written as they are found, in input order: the rejects file has the same bytes
 * on one thread or on workers, for a ledger in date order or not (computed in date order, its
 * results put back in input order, here through runs on disk), and for every command and format.
 * Chunks and runs are small, so a pass deals many of both.
 */
const dir = tempFiles();
const titles = join(dir, "titles.csv");
/** Each ledger is written here before it is read, so that its rejections name the same file. */
const usage = join(dir, "usage.csv");
const ledgers = { sorted: "", unsorted: "" };
const ROWS = 1200;
/** Every third record is rejected, for one of these reasons (a bad row of each kind in turn). */
const BAD = [
  (row: string[]) => [...row.slice(0, 2), "2009-02-30", ...row.slice(3)],
  (row: string[]) => [...row.slice(0, 5), "-5"],
  (row: string[]) => row.slice(0, 3),
  (row: string[]) => [row[0]!, "radio", ...row.slice(2)],
  (row: string[]) => [...row.slice(0, 4), '"1,000.00 ""net"""', row[5]!],
];
/** The usage records rejected (numbered from 1), and the titles record. */
const rejectedRecords: number[] = [];

const defaults = { chunk: chunking.bytes, run: heldBytes.run };
beforeAll(() => {
  chunking.bytes = 1 << 13;
  heldBytes.run = 1 << 13;
  writeFileSync(titles, readFileSync("examples/titles.csv", "utf8") + "BAD-1,too few\n");
  const ids = readFileSync("examples/titles.csv", "utf8").trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]!);
  const good: string[] = [];
  const lines: (string | undefined)[] = [];
  const day = (n: number) => new Date(Date.UTC(2008, 6, 1) + n * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < ROWS; i++) {
    const n = Math.floor(i / ids.length);
    const row = [ids[i % ids.length]!, i % 2 === 0 ? "ad-supported-streaming" : "subscription-streaming", day(n), day(n + 20), `${1000 + i}.00`, ""];
    if (i % 3 === 1) {
      rejectedRecords.push(i + 1);
      lines.push(BAD[(i >> 1) % BAD.length]!(row).join(","));
    } else {
      good.push(row.join(","));
      lines.push(undefined);
    }
  }
  const header = "title_id,medium,period_start,period_end,distributor_gross,units";
  const reversed = [...good].reverse();
  ledgers.sorted = [header, ...lines.map((line) => line ?? good.shift()!)].join("\n") + "\n";
  // The same rejected rows in the same places; the others in reverse, so every title's dates go backwards.
  ledgers.unsorted = [header, ...lines.map((line) => line ?? reversed.shift()!)].join("\n") + "\n";
});
afterAll(() => {
  chunking.bytes = defaults.chunk;
  heldBytes.run = defaults.run;
});

let written = 0;
/** A run's exit code, rejects file and the rejections it shows on stderr. */
async function rejectsOf(args: readonly string[], ledger: keyof typeof ledgers, workers: number) {
  writeFileSync(usage, ledgers[ledger]);
  const rejects = join(dir, `rejects-${written++}.csv`);
  const result = await run([...args, "--titles", titles, "--usage", usage, "--workers", String(workers), "--rejects", rejects]);
  const shown = result.stderr.split("\n").filter((line) => line.startsWith("rejected: ")).join("\n");
  return { code: result.code, rejects: readFileSync(rejects, "utf8"), shown: shown.replaceAll(rejects, "rejects.csv") };
}

describe("the rejects file", () => {
  it("lists the catalogue's rejections, then the ledger's, in input order", async () => {
    const { code, rejects, shown } = await rejectsOf(["calc", "--contract", "sag-2009", "--out", join(dir, "lines.csv")], "sorted", 1);
    expect(code).toBe(3);
    const records = Papa.parse<Record<string, string>>(rejects, { header: true, skipEmptyLines: true }).data;
    expect(records.map((r) => [r.file, Number(r.record)])).toEqual([[titles, 13], ...rejectedRecords.map((record) => [usage, record])]);
    expect(shown.split("\n")).toHaveLength(REJECTIONS_SHOWN + 1);
    expect(shown).toContain(`rejected: … and ${1 + rejectedRecords.length - REJECTIONS_SHOWN} more (all in rejects.csv)`);
  });

  const calc = ["calc", "--contract", "sag-2009", "--out", join(dir, "lines.csv")];
  it("has the same bytes on workers, for a ledger in date order", async () => {
    expect(await rejectsOf(calc, "sorted", 2)).toEqual(await rejectsOf(calc, "sorted", 1));
  });

  // A table or workbook is computed on this thread only; compare's formats share one pass.
  const commands: [string, string[], number[]][] = [
    ["calc as CSV", calc, [1, 2]],
    ["calc as a workbook", ["calc", "--contract", "sag-2009", "--out", join(dir, "lines.xlsx")], [1]],
    ["compare as CSV", ["compare", "--contract", "sag-2005", "--contract", "sag-2009", "--format", "csv"], [1]],
    ["compare as a report", ["compare", "--contract", "sag-2005", "--contract", "sag-2009", "--out", join(dir, "report.html")], [1, 2]],
  ];
  it.each(commands)("has the same bytes for the ledger out of date order, on this thread and on workers: %s", async (_name, args, threads) => {
    const reference = await rejectsOf(calc, "sorted", 1);
    for (const workers of threads) {
      const got = await rejectsOf(args, "unsorted", workers);
      expect({ workers, ...got }).toEqual({ workers, ...reference });
    }
  }, 30_000);
});

describe("a pass over a ledger", () => {
  it("keeps only a count and the first rejections, however many rows are rejected", async () => {
    const contract = loadContractRef("sag-2009");
    for (const ledger of ["sorted", "unsorted"] as const) {
      writeFileSync(usage, ledgers[ledger]);
      const rejects = await RejectsLog.open(undefined);
      const output = await Output.open(join(dir, `pass-${written++}.csv`), process.stdout);
      const writer = new LinesWriter(output, "csv", false);
      const pass = await passOverLedger({ titles, usage, strict: false }, [contract], undefined, writer, rejects);
      await writer.finish();
      await output.discard();
      expect(pass.stats.rowsRejected).toBe(rejectedRecords.length);
      expect(rejects.count).toBe(1 + rejectedRecords.length);
      expect(rejects.shown).toHaveLength(REJECTIONS_SHOWN);
      expect(rejects.shown.map((rejection) => rejection.record)).toEqual([13, ...rejectedRecords.slice(0, REJECTIONS_SHOWN - 1)]);
      expect(writer).not.toHaveProperty("rejections");
    }
  });
});
