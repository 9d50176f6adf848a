import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunking } from "../../src/io/csv/records.js";
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generate } from "../../bench/generate.mjs";
import { tempFiles } from "../fixtures/temp-files.js";
import { run, type CliRun } from "../cli/run-cli.js";

/**
 * Every ledger goes to the workers in chunks of records, quoted or not, LF or CRLF, sorted or
 * not: the workers' pass and the single-threaded pass must give the same bytes and the same
 * rejections, with chunks small enough that records and blank lines fall on every side of a
 * chunk's end.
 */
const dir = tempFiles();
const titles = join(dir, "titles.csv");
let rows: string[];
let titleIds: string[];

const defaultChunkBytes = chunking.bytes;
beforeAll(async () => {
  await generate(dir, 150, 1000, 11);
  rows = readFileSync(join(dir, "usage.csv"), "utf8").trimEnd().split("\n").slice(1);
  titleIds = readFileSync(titles, "utf8").trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]!);
  chunking.bytes = 256;
}, 60_000);
afterAll(() => {
  chunking.bytes = defaultChunkBytes;
});

type Newline = "\n" | "\r\n";
type Order = "sorted" | "unsorted";

/** Where the wrong-field-count row is, to check the line numbers rejections give. */
const SHORT_ROW = "T000001,rental,2009-01-01";

/**
 * The generated rows (scrambled for an unsorted ledger) with what a real ledger holds besides:
 * blank lines (in an LF ledger, one a lone CR: a blank CRLF line), rows rejected for their field count, a date, an unknown title,
 * no gross or bytes that are not UTF-8, a title id with spaces around it, a line longer than a chunk,
 * and no line end after the last line. `quoted`: one value in quotes, the records the same.
 */
function ledger(newline: Newline, order: Order, quoted: boolean): Buffer {
  const data = order === "sorted" ? [...rows] : rows.map((row, index) => ({ row, key: (index * 7919) % rows.length })).sort((a, b) => a.key - b.key).map((entry) => entry.row);
  const [spaced, medium] = [data[400]!.split(","), data[700]!.split(",")];
  data[400] = [`  ${spaced[0]} `, ...spaced.slice(1)].join(",");
  if (quoted) data[700] = [medium[0], `"${medium[1]}"`, ...medium.slice(2)].join(",");
  const lines: (string | Buffer)[] = [
    ...data.slice(0, 5),
    "",
    ...data.slice(5, 100),
    SHORT_ROW,
    ...data.slice(100, 200),
    `${titleIds[3]},rental,2009-02-30,2009-03-31,10.00,`,
    ...data.slice(200, 300),
    "NOPE-1,rental,2009-01-01,2009-01-31,10.00,",
    ...data.slice(300, 301).map((row) => row.split(",").map((cell, index) => (index === 4 ? "" : cell)).join(",")),
    ...data.slice(301, 500),
    newline === "\n" ? "\r" : "",
    ...Array.from({ length: 8 }, () => ""),
    ...data.slice(500, 600),
    `T000002,rental,2009-01-01,2009-01-31,10.00,5,${"a long note ".repeat(20)}`,
    ...data.slice(600, 900),
    Buffer.from([0x54, 0xff, 0x30, ...Buffer.from(",rental,2009-01-01,2009-01-31,10.00,")]),
    ...data.slice(900),
  ];
  const start = newline === "\r\n" ? ["\uFEFFtitle_id,medium,period_start,period_end,distributor_gross,units"] : ["", "\r", "title_id,medium,period_start,period_end,distributor_gross,units"];
  const all = [...start, ...lines];
  return Buffer.concat(all.map((line, index) => Buffer.concat([Buffer.from(line), Buffer.from(index < all.length - 1 ? newline : "")])));
}

let written = 0;
function write(content: Buffer): string {
  const path = join(dir, `usage-${written++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** A run's output, with its rejects file; the ledger's path made the same for every ledger. */
async function outputs(args: readonly string[], usage: string): Promise<CliRun & { rejects: string }> {
  const rejects = join(dir, `rejects-${written++}.csv`);
  const result = await run([...args, "--usage", usage, "--rejects", rejects]);
  const same = (text: string) => text.replaceAll(usage, "usage.csv").replaceAll(rejects, "rejects.csv");
  return { code: result.code, stdout: result.stdout, stderr: same(result.stderr), rejects: same(readFileSync(rejects, "utf8")) };
}

const commands = {
  calc: ["calc", "--contract", "sag-2009", "--format", "csv"],
  compare: ["compare", "--contract", "sag-2005", "--contract", "amptp-2008-sag-final-offer", "--by", "medium", "--format", "csv"],
};

/**
 * calc on every line end and order; compare, whose pass differs only in what it keeps of the
 * lines, on two of them that between them cover both line ends and both orders (each case
 * starts four worker threads, the suite's dearest setup).
 */
const cases = [
  ...(["\n", "\r\n"] as const).flatMap((newline) => (["sorted", "unsorted"] as const).map((order) => ({ command: "calc" as const, newline, order }))),
  { command: "compare" as const, newline: "\n" as const, order: "unsorted" as const },
  { command: "compare" as const, newline: "\r\n" as const, order: "sorted" as const },
];

describe("a ledger in chunks: the workers agree with one thread, quoted or not", () => {
  for (const { command, newline, order } of cases) {
    it(`${command}, ${newline === "\n" ? "LF" : "CRLF"}, ${order} ledger`, async () => {
      const plain = write(ledger(newline, order, false));
      const quoted = write(ledger(newline, order, true));
      const args = [...commands[command], "--titles", titles];
      const single = await outputs([...args, "--workers", "1"], plain);
      const chunked = await outputs([...args, "--workers", "2"], plain);
      const dealt = await outputs([...args, "--workers", "2"], quoted);
      expect(single.code).toBe(3);
      expect(chunked).toEqual(single);
      expect(dealt).toEqual(single);
      expect(single.stderr.includes("read again and computed in date order")).toBe(order === "unsorted");
      expect(single.rejects.split("\n").length).toBe(1 + 6 + 1);
      expect(single.rejects).toContain(",distributor_gross,,required value is missing\n");
      // The wrong-field-count row's physical line: counted across chunks, blank lines included.
      const fileLines = ledger(newline, order, false).toString("latin1").split(newline);
      expect(single.rejects).toContain(`usage.csv,101,${fileLines.indexOf(SHORT_ROW) + 1},`);
    }, 60_000);
  }

  it("calc on three workers", async () => {
    const plain = write(ledger("\n", "sorted", false));
    const args = [...commands.calc, "--titles", titles];
    expect(await outputs([...args, "--workers", "3"], plain)).toEqual(await outputs([...args, "--workers", "1"], plain));
  }, 60_000);

  it("--strict stops at the same record", async () => {
    const plain = write(ledger("\r\n", "sorted", false));
    const args = [...commands.calc, "--titles", titles, "--strict"];
    const single = await outputs([...args, "--workers", "1"], plain);
    expect(single.code).not.toBe(0);
    expect(single.stderr).toContain("--strict");
    expect(await outputs([...args, "--workers", "2"], plain)).toEqual(single);
  }, 60_000);

  it("a header without title_id is the same file error", async () => {
    const plain = write(Buffer.from(`medium,period_start,period_end,distributor_gross\n${"rental,2009-01-01,2009-01-31,10.00\n".repeat(50)}`));
    const args = [...commands.calc, "--titles", titles];
    const single = await run([...args, "--usage", plain, "--workers", "1"]);
    expect(single.code).toBe(1);
    expect(single.stderr).toContain("missing required column title_id");
    expect(await run([...args, "--usage", plain, "--workers", "2"])).toEqual(single);
  }, 60_000);
});
