import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generate, generateVaried, shuffleLines } from "../../bench/generate.mjs";
import { chunking, TOO_LONG } from "../../src/io/csv/records.js";
import { AMOUNT_DIGITS } from "../../src/io/csv/cell-values.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";

/**
 * Any valid ledger gives the lines its rows give, whatever its shape (line ends, quotes, BOM,
 * column order, extra columns) or order, on one thread and on workers, from a file or a pipe.
 * Chunks are small, so records fall on every side of a chunk's end.
 */
const dir = tempFiles();
const defaultChunkBytes = chunking.bytes;
let plain: string[];

beforeAll(async () => {
  await generate(dir, 200, 1500, 7);
  await generateVaried(dir, 200, 1500, "usage-varied.csv", 9);
  await shuffleLines(join(dir, "usage-varied.csv"), join(dir, "usage-shuffled.csv"), 1500, 3);
  plain = readFileSync(join(dir, "usage.csv"), "utf8").trimEnd().split("\n");
  chunking.bytes = 512;
}, 60_000);
afterAll(() => {
  chunking.bytes = defaultChunkBytes;
});

let written = 0;
function ledger(content: string | Buffer): string {
  const path = join(dir, `ledger-${written++}.csv`);
  writeFileSync(path, content);
  return path;
}

const calc = (usage: string, workers: number, more: readonly string[] = []) =>
  run(["calc", "--contract", "sag-2009", "--titles", join(dir, "titles.csv"), "--usage", usage, "--format", "csv", "--workers", String(workers), ...more]);

/** The same ledger's text written as a spreadsheet or another system might write it. */
const shapes: Record<string, () => string> = {
  "CRLF line ends and a BOM": () => "\uFEFF" + plain.join("\r\n") + "\r\n",
  "every text field quoted, CRLF": () =>
    plain
      .map((line) =>
        line
          .split(",")
          .map((value, i) => (i < 4 ? `"${value}"` : value))
          .join(","),
      )
      .join("\r\n"),
  "columns reordered, an extra quoted column with commas and a quoted line break": () => {
    const rows = plain.map((line) => line.split(","));
    return rows
      .map((values, index) => {
        const note = index === 0 ? "note" : `"a note, with ""quotes""${index % 50 === 0 ? "\nover two lines" : ""}"`;
        return [values[4], note, values[2], values[0], values[5], values[3], values[1]].join(",");
      })
      .join("\n");
  },
};

describe("a ledger of any shape gives the plain ledger's lines", () => {
  for (const [name, make] of Object.entries(shapes)) {
    it(name, async () => {
      const reference = await calc(ledger(plain.join("\n") + "\n"), 1);
      expect(reference.code).toBe(0);
      const usage = ledger(make());
      for (const workers of [1, 2]) {
        const result = await calc(usage, workers);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(reference.stdout);
      }
    }, 60_000);
  }
});

/**
 * Each output line keyed by its usage row's text (and the usage rows its note names by the
 * same), so that lines of two ledgers holding the same rows in another order can be compared.
 */
function linesPerRow(usageFile: string, output: string): string[] {
  const rows = readFileSync(usageFile, "utf8").trimEnd().split("\n").slice(1);
  const rowText = (number: string) => rows[Number(number) - 1]!;
  const lines = Papa.parse<string[]>(output.trimEnd(), { skipEmptyLines: true }).data.slice(1);
  return lines.map(([, usageRow, ...rest]) => [rowText(usageRow!), ...rest].join("|").replace(/usage row (\d+)/g, (_, n: string) => `usage row <${rowText(n)}>`)).sort();
}

describe("a shuffled ledger gives each row the lines the sorted ledger gives it", () => {
  it("calc with a cast, on one thread and on workers, in memory and from disk", async () => {
    const args = (usage: string, workers: number) => [
      "calc", "--contract", "sag-2009", "--titles", join(dir, "titles-varied.csv"), "--cast", join(dir, "cast-varied.csv"),
      "--usage", usage, "--format", "csv", "--workers", String(workers),
    ];
    const sorted = join(dir, "usage-varied.csv");
    const shuffled = join(dir, "usage-shuffled.csv");
    const reference = await run(args(sorted, 1));
    expect(reference.code).toBe(3); // rows without a gross are rejected
    const expected = linesPerRow(sorted, reference.stdout);
    const single = await run(args(shuffled, 1));
    expect(single.stderr).toContain("not in date order");
    expect(linesPerRow(shuffled, single.stdout)).toEqual(expected);
    const { heldBytes } = await import("../../src/pipeline/parallel/input-order.js");
    const { gathering } = await import("../../src/pipeline/parallel/date-order.js");
    const held = heldBytes.run;
    const inMemory = gathering.inMemoryBytes;
    // The ledger read whole into shared memory, or record by record; results held, or in runs;
    // its first chunk (the whole ledger) showing it out of order, or one too small to show it,
    // so that a worker finds it.
    expect(readFileSync(shuffled).length).toBeLessThan(1 << 17);
    for (const [ledgerBytes, resultBytes, chunkBytes] of [[inMemory, held, 1 << 17], [0, 4096, 1 << 17], [inMemory, held, 512], [0, 4096, 512]] as const) {
      gathering.inMemoryBytes = ledgerBytes;
      heldBytes.run = resultBytes;
      chunking.bytes = chunkBytes;
      const parallel = await run(args(shuffled, 2));
      expect(parallel).toEqual(single);
    }
    heldBytes.run = held;
    gathering.inMemoryBytes = inMemory;
    chunking.bytes = 512;
  }, 120_000);
});

describe("a ledger from a pipe", () => {
  it("is read even when it is not in date order, and gives the lines of the same file", async () => {
    const shuffled = join(dir, "usage-shuffled.csv");
    const args = ["calc", "--contract", "sag-2009", "--titles", join(dir, "titles-varied.csv"), "--format", "csv"];
    const fromFile = await run([...args, "--usage", shuffled]);
    for (const workers of ["1", "2"]) {
      const fifo = join(tempFiles(), "usage.csv");
      execFileSync("mkfifo", [fifo]);
      const writer = spawn("sh", ["-c", 'cat "$1" > "$2"', "sh", shuffled, fifo], { stdio: "ignore" });
      const written = new Promise((resolve) => writer.once("exit", resolve));
      const fromPipe = await run([...args, "--usage", fifo, "--workers", workers]);
      await written;
      expect(fromPipe).toEqual({ ...fromFile, stderr: fromFile.stderr.replaceAll(shuffled, fifo) });
    }
  }, 60_000);
});

describe("what a ledger cannot smuggle", () => {
  const header = "title_id,medium,period_start,period_end,distributor_gross,units";
  const good = (id: string) => `${id},rental,2009-01-01,2009-01-31,100.00,5`;
  const titleIds = () => readFileSync(join(dir, "titles.csv"), "utf8").split("\n").slice(1, 4).map((line) => line.split(",")[0]!);

  it("a row hidden in a quoted field over 1 MiB is never a record: the field's record is one rejection", async () => {
    const [first, planted, after] = titleIds();
    const hidden = `${"x".repeat(1 << 20)}\n${good(planted!)}\n`;
    const usage = ledger(`${header}\n${good(first!)}\n${first},rental,2009-02-01,2009-02-28,"${hidden}",5\n${good(after!)}\n`);
    for (const workers of [1, 2]) {
      const result = await calc(usage, workers);
      expect(result.code).toBe(3);
      const lines = Papa.parse<string[]>(result.stdout.trimEnd()).data.slice(1);
      expect(lines.map((line) => [line[1], line[2]])).toEqual([
        ["1", first],
        ["3", after],
      ]);
      expect(result.stderr).toContain(`:3: record 2: unparseable quoting: ${TOO_LONG}`);
      expect(result.stderr).toContain("rows read: 3; computed: 2; rejected: 1");
    }
  }, 60_000);

  it("a file separated by semicolons, tabs or bars is refused, saying so", async () => {
    for (const [mark, name] of [
      [";", "semicolons"],
      ["\t", "tabs"],
      ["|", "vertical bars"],
    ] as const) {
      const usage = ledger([header, good(titleIds()[0]!)].map((line) => line.replaceAll(",", mark)).join("\n") + "\n");
      const result = await calc(usage, 1);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${usage}: is separated by ${name}, not commas: only comma-separated files are read (save it as CSV with commas)\n`);
    }
  });

  it(`an amount of more than ${AMOUNT_DIGITS} digits is rejected, however long`, async () => {
    const [id] = titleIds();
    const usage = ledger(`${header}\n${id},rental,2009-01-01,2009-01-31,${"9".repeat(AMOUNT_DIGITS + 1)},5\n${id},rental,2009-02-01,2009-02-28,${"9".repeat(10_000_000)},5\n${good(id!)}\n`);
    const result = await calc(usage, 1, ["--rejects", join(dir, `rejects-${written++}.csv`)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`record 1, column distributor_gross: too many digits (an amount has at most ${AMOUNT_DIGITS})`);
    expect(result.stderr).toContain(`record 2: unparseable quoting: ${TOO_LONG}`);
    expect(result.stderr).toContain("rows read: 3; computed: 1; rejected: 2");
  });

  it("a NUL in any value, used or not, rejects its record", async () => {
    const [id] = titleIds();
    const usage = ledger(`${header},extra\n${id}\u0000,rental,2009-01-01,2009-01-31,100.00,5,\n${good(id!)},a\u0000b\n${good(id!)},c\n`);
    for (const workers of [1, 2]) {
      const result = await calc(usage, workers);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`record 1, column title_id: holds a NUL character (\\0), which no value may hold (value "${id}\\\\0")`);
      expect(result.stderr).toContain('record 2, column extra: holds a NUL character (\\0), which no value may hold (value "a\\\\0b")');
      expect(result.stdout).not.toContain("\u0000");
      expect(result.stderr).toContain("rows read: 3; computed: 1; rejected: 2");
    }
  });

  it("out of date order, such records are rejected alike, the ledger read whole or record by record", async () => {
    const [first, planted, after] = titleIds();
    const hidden = `${"x".repeat(1 << 20)}\n${good(planted!)}\n`;
    const later = (row: string) => row.replace("2009-01-01,2009-01-31", "2009-03-01,2009-03-31");
    const usage = ledger(
      [header + ",extra", later(good(first!)) + ",", `${first},rental,2009-02-01,2009-02-28,"${hidden}",5,`, good(first!) + ",a\u0000b", good(after!) + ",", good(first!) + ","].join("\n") + "\n",
    );
    const single = await calc(usage, 1);
    expect(single.code).toBe(3);
    expect(single.stderr).toContain("not in date order");
    expect(single.stderr).toContain(`:3: record 2: unparseable quoting: ${TOO_LONG}`);
    expect(single.stderr).toContain('record 3, column extra: holds a NUL character (\\0), which no value may hold (value "a\\\\0b")');
    expect(single.stderr).toContain("rows read: 5; computed: 3; rejected: 2");
    const { gathering } = await import("../../src/pipeline/parallel/date-order.js");
    const inMemory = gathering.inMemoryBytes;
    for (const ledgerBytes of [inMemory, 0]) {
      gathering.inMemoryBytes = ledgerBytes;
      expect(await calc(usage, 2)).toEqual(single);
    }
    gathering.inMemoryBytes = inMemory;
  }, 60_000);
});
