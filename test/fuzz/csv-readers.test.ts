import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";
import { applyEdits, edits } from "./mutate.js";

/** What matters to a CSV reader, and to the field parsers behind it. */
const CSV_ALPHABET = [",", '"', "\r", "\n", "\r\n", "\uFEFF", " ", "\t", "$", "-", ".", "0", "1", "9", "2009-", "x", "=", "\u0000", "\uFFFD", "é", ";", "'"];
const ORIGINALS = {
  titles: readFileSync("examples/titles.csv", "utf8"),
  usage: readFileSync("examples/usage.csv", "utf8"),
  cast: readFileSync("examples/cast.csv", "utf8"),
};

/** Random and mutated input files for one run; any of the three may be mangled. */
const inputs = fc.record({
  titles: fc.oneof({ arbitrary: fc.constant(ORIGINALS.titles), weight: 2 }, edits(CSV_ALPHABET).map((e) => applyEdits(ORIGINALS.titles, e))),
  usage: fc.oneof(
    { arbitrary: edits(CSV_ALPHABET).map((e) => applyEdits(ORIGINALS.usage, e)), weight: 4 },
    { arbitrary: fc.string({ unit: fc.constantFrom(...CSV_ALPHABET), maxLength: 200 }).map((body) => `title_id,medium,period_start,period_end,distributor_gross,units\n${body}`), weight: 1 },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  ),
  cast: fc.oneof(fc.constant(ORIGINALS.cast), edits(CSV_ALPHABET).map((e) => applyEdits(ORIGINALS.cast, e))),
});

const records = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe("fuzz: random and mutated CSV through calc", () => {
  const dir = tempFiles();
  const path = (name: string) => join(dir, name);

  it("always ends with a message or a result, never a stack trace; a finished run accounts for every usage record", async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (files) => {
        for (const [name, text] of Object.entries(files)) writeFileSync(path(`${name}.csv`), text);
        const result = await run(["calc", "--contract", "sag-2009", "--titles", path("titles.csv"), "--usage", path("usage.csv"), "--cast", path("cast.csv"), "--format", "csv", "--rejects", path("rejects.csv")]);
        expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
        expect([0, 1, 3]).toContain(result.code);
        if (result.code === 1) {
          expect(result.stdout).toBe("");
          expect(result.stderr).toMatch(/^\/\S+\.csv: [^\n]+\n$/);
          return;
        }
        const counts = /^rows read: ([\d,]+); computed: ([\d,]+); rejected: ([\d,]+)$/m.exec(result.stderr);
        expect(counts, result.stderr).not.toBeNull();
        const [read, computed, rejected] = counts!.slice(1).map((text) => Number(text.replaceAll(",", ""))) as [number, number, number];
        expect(read).toBe(computed + rejected);
        const computedRows = new Set(records(result.stdout).map((line) => line.usage_row));
        const rejections = records(readFileSync(path("rejects.csv"), "utf8"));
        const rejectedRows = rejections.filter((r) => r.file === path("usage.csv"));
        expect([computedRows.size, rejectedRows.length]).toEqual([computed, rejected]);
        expect(result.code).toBe(rejections.length > 0 ? 3 : 0);
      }),
      { numRuns: 120 },
    );
  });
});
