import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { chunking, forEachLine, PlainLedger, readPlainOrCsv } from "../../src/pipeline/parallel/chunks.js";
import { readCsv, type CsvRecord } from "../../src/io/csv/records.js";
import { tempFiles } from "../fixtures/temp-files.js";

/**
 * A plain ledger (no quote; LF or CRLF line ends) is read in chunks of lines by the workers
 * themselves: its header and records must be what the CSV reader makes of the same file.
 */
const defaultChunkBytes = chunking.bytes;
afterEach(() => {
  chunking.bytes = defaultChunkBytes;
});

const dir = tempFiles();
let files = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `ledger-${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Header and records as the CSV reader (or a stand-in for it) gives them. */
async function csvReader(path: string, source = readCsv): Promise<{ header: string[] | undefined; records: CsvRecord[] }> {
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  await source(
    path,
    (names) => (header = names),
    (batch) => {
      records.push(...batch);
    },
  );
  return { header, records };
}

/** Header and records as the workers make them of the plain ledger's chunks. */
function chunked(ledger: PlainLedger): { header: string[]; records: CsvRecord[]; chunks: number } {
  const records: CsvRecord[] = [];
  let chunks = 0;
  for (const chunk of ledger.chunks()) {
    chunks++;
    let inChunk = 0;
    // A line decoded alone is what it is in the whole file decoded: it ends at an LF, which no UTF-8 sequence holds.
    forEachLine(chunk, (bytes, from, end, record, line) => {
      inChunk++;
      records.push({ values: bytes.toString("utf8", from, end).split(ledger.delimiter), record, line });
    });
    expect(inChunk).toBe(chunk.records);
    // As the parallel pass does once the workers are done with a chunk.
    ledger.recycle(chunk);
  }
  return { header: ledger.header, records, chunks };
}

function readPlain(path: string): { header: string[]; records: CsvRecord[]; chunks: number } | undefined {
  const ledger = PlainLedger.open(path);
  if (ledger === undefined) return undefined;
  try {
    return chunked(ledger);
  } finally {
    ledger.close();
  }
}

const HEADER = "title_id,medium,period_start,period_end,distributor_gross";

describe("which ledgers are plain", () => {
  it.each([
    ["LF", `${HEADER}\nT1,rental,2009-01-01,2009-01-31,10.00\n`],
    ["CRLF", `${HEADER}\r\nT1,rental,2009-01-01,2009-01-31,10.00\r\n`],
    ["header alone, no line end", HEADER],
    ["blank lines before the header", `\n\r\n${HEADER}\n`],
  ])("plain: %s", (_, text) => {
    expect(readPlain(file(text))).toBeDefined();
  });

  it.each([
    ["a quote anywhere", `${HEADER}\nT1,rental,2009-01-01,2009-01-31,10.00\n`.repeat(50) + 'T2,"rental",2009-01-01,2009-01-31,1\n'],
    ["lone CR line ends", `${HEADER}\rT1,rental,2009-01-01,2009-01-31,10.00\r`],
    ["an empty file", ""],
    ["blank lines alone", "\n\r\n\n"],
    ["a BOM alone", "\uFEFF"],
  ])("not plain: %s", (_, text) => {
    expect(readPlain(file(text))).toBeUndefined();
  });

  it("not plain: a file that cannot be opened, a folder", () => {
    expect(PlainLedger.open(join(dir, "missing.csv"))).toBeUndefined();
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    expect(PlainLedger.open(folder)).toBeUndefined();
  });

  it("not plain: no whole header line in the first chunk", () => {
    chunking.bytes = 16;
    expect(readPlain(file(`${HEADER}\nT1,rental,2009-01-01,2009-01-31,10.00\n`))).toBeUndefined();
    expect(readPlain(file(`${"\n".repeat(20)}a,b\n1,2\n`))).toBeUndefined();
  });
});

describe("a plain ledger's header and records", () => {
  it("header: BOM and blank lines skipped, names trimmed, CR taken off; the delimiter as the CSV reader guesses it", async () => {
    const rows = ["T1;rental;2009-01-01", "T2;rental;2009-01-01", "T3;rental;2009-01-01", "T4;rental;2009-01-01"];
    const path = file(`\uFEFF\r\n\n title_id ; medium ;period_start\r\n${rows.join("\r\n")}\r\n`);
    const plain = readPlain(path)!;
    expect(plain.header).toEqual(["title_id", "medium", "period_start"]);
    expect(plain.records).toEqual(rows.map((row, index) => ({ values: row.split(";"), record: index + 1, line: index + 4 })));
    expect(await csvReader(path)).toEqual({ header: plain.header, records: plain.records });
  });

  it("a line longer than a chunk makes its chunk grow; the last line needs no line end", async () => {
    chunking.bytes = 32;
    const long = `T1,${"x".repeat(200)},3`;
    const path = file(`a,b,c\n1,2,3\n\n${long}\n\n4,5,6\r\n7,8`);
    const plain = readPlain(path)!;
    expect(plain.records.map((record) => [record.values.join(","), record.record, record.line])).toEqual([
      ["1,2,3", 1, 2],
      [long, 2, 4],
      ["4,5,6", 3, 6],
      ["7,8", 4, 7],
    ]);
    expect(plain.chunks).toBeGreaterThan(1);
    expect(await csvReader(path)).toEqual({ header: plain.header, records: plain.records });
  });

  // Quote-free text from what matters to line splitting and decoding: delimiters, CR, LF, a
  // BOM, multi-byte characters and bytes that are not UTF-8.
  const PIECES = [",", ";", "\t", "\r", "\n", "\n", "\r\n", "\r\n", " ", "a", "T1", "0", "é", "€", "😀", "\uFEFF"].map((piece) => Buffer.from(piece));
  const NOT_UTF8 = [Buffer.from([0xff]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9f])];
  const plainBytes = fc
    .tuple(
      fc.boolean(),
      fc.constantFrom("a,b,c", "a;b", "x\ty\tz", "title_id"),
      fc.constantFrom("\n", "\r\n"),
      fc.array(fc.oneof({ arbitrary: fc.constantFrom(...PIECES), weight: 9 }, { arbitrary: fc.constantFrom(...NOT_UTF8), weight: 1 }), { maxLength: 300 }),
    )
    .map(([bom, header, newline, body]) => Buffer.concat([Buffer.from(bom ? "\uFEFF" : ""), Buffer.from(header + newline), ...body]));

  it("are the CSV reader's, whatever the chunk size", async () => {
    let plainRuns = 0;
    await fc.assert(
      fc.asyncProperty(plainBytes, fc.integer({ min: 12, max: 200 }), async (bytes, chunkBytes) => {
        chunking.bytes = chunkBytes;
        const path = file(bytes);
        const plain = readPlain(path);
        // Lone CR line ends (as papaparse guesses them) are the CSV reader's to split.
        if (plain === undefined) return;
        plainRuns++;
        expect(await csvReader(path)).toEqual({ header: plain.header, records: plain.records });
      }),
      { numRuns: 300 },
    );
    expect(plainRuns).toBeGreaterThan(150);
  });
});

describe("reading a catalogue file as plain lines where it can (readPlainOrCsv)", () => {
  const quoted = fc
    .tuple(fc.array(fc.constantFrom("a", ",", '"', '""', "\n", "\r\n", "é"), { maxLength: 60 }), fc.boolean())
    .map(([pieces, crlf]) => `id,name${crlf ? "\r\n" : "\n"}1,"${pieces.join("")}"\n2,x\n`);

  it("gives the CSV reader's header and records, for plain files and any other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), quoted), fc.integer({ min: 12, max: 200 }), async (text, chunkBytes) => {
        chunking.bytes = chunkBytes;
        const path = file(text);
        const expected = await csvReader(path).catch((error: Error) => error.message);
        const got = await csvReader(path, readPlainOrCsv).catch((error: Error) => error.message);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("reads a plain file in batches of its chunks' records", async () => {
    chunking.bytes = 32;
    const path = file(`a,b\n${Array.from({ length: 20 }, (_, i) => `T${i},${i}`).join("\n")}\n`);
    const batches: number[] = [];
    await readPlainOrCsv(path, () => undefined, (records) => void batches.push(records.length));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(20);
  });
});
