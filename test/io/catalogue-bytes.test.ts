import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { chunking } from "../../src/io/csv/records.js";
import { RecordDealer, UNDECIDED } from "../../src/pipeline/parallel/shard.js";
import { readCast } from "../../src/io/csv/cast.js";
import { readCsv } from "../../src/io/csv/records.js";
import type { FileShare, RecordSource } from "../../src/io/csv/column-reader.js";
import { readTitles } from "../../src/io/csv/titles.js";
import { tempFiles } from "../fixtures/temp-files.js";

/**
 * A plain catalogue file's clean records are read from their bytes (TableReader.cellsFromBytes),
 * the others as text: the titles, cast, counts and rejections must be those the CSV reader's
 * text gives, in the same order, for one thread and for a worker's share.
 */
const defaultChunkBytes = chunking.bytes;
afterEach(() => {
  chunking.bytes = defaultChunkBytes;
});

const dir = tempFiles();
let files = 0;
function file(lines: readonly string[], crlf: boolean): string {
  const path = join(dir, `catalogue-${files++}.csv`);
  writeFileSync(path, lines.join(crlf ? "\r\n" : "\n") + "\n");
  return path;
}

/** Mostly clean cells, some a text reader must see (spaces, other cases, US money, not ASCII), a few bad. */
const cell = (clean: readonly string[], odd: readonly string[]) => fc.oneof({ weight: 25, arbitrary: fc.constantFrom(...clean) }, { weight: 2, arbitrary: fc.constantFrom(...odd) });
const titleRecord = fc
  .tuple(
    cell(["T1", "T2", "T3", "T10", "F1"], [" T1", "T2 ", "Té", ""]),
    cell(["One", "", "Title 2"], ["Crème", " padded "]),
    cell(["tv", "feature", "new-media"], ["TV", "radio", ""]),
    cell(["2008-01-01", "1974-06-30"], ["2008-02-30", " 2008-01-01", "08-01-01", ""]),
    cell(["", "2008-06-01"], ["2008-13-01"]),
    cell(["", "30", "60"], ["0", "-1", "1.5", " 30"]),
    cell(["", "yes", "no", "true", "0"], ["Yes", "TRUE", "maybe"]),
    cell(["", "network", "cable", "new-media"], ["Cable", "radio"]),
    cell(["", "1800000", "250000.50"], ["$1,800,000.00", "-5", "1e5", "-0.00"]),
    cell(["", "20000", "0"], ["20,000", "20000.", " 20000"]),
  )
  .map((cells) => cells.join(","));
const titlesFile = fc.tuple(fc.array(fc.oneof({ weight: 10, arbitrary: titleRecord }, { weight: 1, arbitrary: fc.constantFrom("T9,short", "", "T1;x") }), { minLength: 4, maxLength: 40 }), fc.boolean());
const TITLES_HEADER = "title_id,title,kind,produced_on,first_aired_on,runtime_minutes,first_season,market,budget,residual_base";

const castRecord = fc
  .tuple(
    cell(["T1", "T2", "T10"], ["T1 ", "NOPE", ""]),
    cell(["p1", "p2", "p3"], ["p1 ", "pé", ""]),
    cell(["", "Ann"], [" Ann"]),
    cell(["", "100000", "2500.50"], ["$100,000", "-1"]),
    cell(["", "1", "0.5"], ["-1", "x", "1."]),
  )
  .map((cells) => cells.join(","));
const CAST_HEADER = "title_id,performer_id,name,tam,units";

/** A worker's share, as the worker makes it: the text test, and the bytes test where they can tell. */
function workerShare(shard: number, shards: number): FileShare {
  return {
    records: (header) => {
      const owner = new RecordDealer(header, shards);
      return (record) => owner.ownerOf(record.values, record.record, record.malformed) === shard;
    },
    lines: (header) => {
      const owner = new RecordDealer(header, shards);
      return (bytes, from, end, record) => {
        const found = owner.ownerOfBytes(bytes, from, end, record);
        return found === UNDECIDED ? undefined : found === shard;
      };
    },
  };
}

/** readCsv giving every record as text: none is read from its bytes. */
const textOnly: RecordSource = (path, onHeader, onBatch) => readCsv(path, onHeader, onBatch);

/** The same share decided on the text alone (read by the CSV reader, which has no bytes to go by). */
function textShare(shard: number, shards: number): FileShare {
  return { records: workerShare(shard, shards).records };
}

/** readCsv, counting the records taken from their bytes. */
let takenFromBytes = 0;
const countingSource: RecordSource = (path, onHeader, onBatch, lines) =>
  readCsv(path, onHeader, onBatch, (header) => {
    const take = lines?.(header);
    if (take === undefined) return undefined;
    return (bytes, from, end, record, line) => {
      const taken = take(bytes, from, end, record, line);
      if (taken) takenFromBytes++;
      return taken;
    };
  });

describe("a plain catalogue read from its bytes", () => {
  it("gives the titles, counts and rejections of its text, in order", async () => {
    takenFromBytes = 0;
    await fc.assert(
      fc.asyncProperty(titlesFile, fc.integer({ min: 16, max: 400 }), async ([records, crlf], chunkBytes) => {
        chunking.bytes = chunkBytes;
        const path = file([TITLES_HEADER, ...records], crlf);
        const expected = await readTitles(path, undefined, textOnly);
        const got = await readTitles(path, undefined, countingSource);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    // Records do come through the bytes: the test compares something.
    expect(takenFromBytes).toBeGreaterThan(300);
  });

  it("gives a worker's share of the titles and cast as the text gives it", async () => {
    await fc.assert(
      fc.asyncProperty(titlesFile, fc.array(castRecord, { maxLength: 30 }), fc.integer({ min: 0, max: 1 }), async ([records, crlf], cast, shard) => {
        const titles = file([TITLES_HEADER, ...records], crlf);
        const castPath = file([CAST_HEADER, ...cast], crlf);
        const expected = await readTitles(titles, textShare(shard, 2), textOnly);
        const got = await readTitles(titles, workerShare(shard, 2), countingSource);
        // Records the bytes tell are another worker's are not counted as read; all else agrees.
        expect({ ...got, read: 0 }).toEqual({ ...expected, read: 0 });
        const expectedCast = await readCast(castPath, expected.titles, textShare(shard, 2), textOnly);
        const gotCast = await readCast(castPath, got.titles, workerShare(shard, 2), readCsv);
        expect({ ...gotCast, read: 0 }).toEqual({ ...expectedCast, read: 0 });
      }),
      { numRuns: 150 },
    );
  });

  it("names the first line of a duplicate that comes as text before one read from its bytes", async () => {
    chunking.bytes = 1 << 16;
    const path = file([TITLES_HEADER, " T1,One,tv,2008-01-01,,,,,,", "T1,Again,tv,2008-01-01,,,,,,"], false);
    const { titles, rejections } = await readTitles(path, undefined, readCsv);
    expect(titles.get("T1")?.name).toBe("One");
    expect(rejections.map((rejection) => [rejection.line, rejection.reason])).toEqual([[3, "duplicate title_id (first on line 2)"]]);
  });

  it("reads a file with quotes from its bytes as its text reads", async () => {
    const path = file([TITLES_HEADER, 'T1,"One, Two",tv,2008-01-01,,,,,,', '"T2","Two ""2""",feature,"2008-01-01",,,,,,', "T3,Three,feature,2008-01-01,,,,,,"], false);
    expect(await readTitles(path, undefined, readCsv)).toEqual(await readTitles(path, undefined, textOnly));
  });
});
