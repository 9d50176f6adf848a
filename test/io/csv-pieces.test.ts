import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterEach } from "vitest";
import { chunking, readCsv, type CsvRecord } from "../../src/io/csv/records.js";
import { tempFiles } from "../fixtures/temp-files.js";

/** Fields with everything that matters to quoting; a CR never ends a field (see below). */
const field = fc
  .string({ unit: fc.constantFrom("a", "b", "1", " ", ",", '"', "\n", "\r\n", "\r", "é"), maxLength: 8 })
  .filter((text) => !text.endsWith("\r"));
const quote = (text: string) => (/[",\r\n]|^ | $/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Rows of a valid file after about 4 KiB of plain rows, so that they straddle the first chunk the
 * file is read in (4 KiB here). (A quoted value ending in a CR before a CRLF line end would lose that CR: the
 * reader takes a CR before LF for part of the line end.)
 */
const files = fc.record({
  newline: fc.constantFrom("\n", "\r\n", "\r"),
  filler: fc.integer({ min: 660, max: 690 }),
  rows: fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 40 }),
  stray: fc.option(fc.nat(), { nil: undefined }),
  bom: fc.boolean(),
});

afterEach(() => {
  chunking.bytes = 1 << 17;
});

async function read(text: string): Promise<{ header: string[]; records: CsvRecord[] }> {
  const file = join(tempFiles({ "in.csv": text }), "in.csv");
  let header: string[] = [];
  const records: CsvRecord[] = [];
  await readCsv(file, (h) => (header = h), (batch) => void records.push(...batch));
  return { header, records };
}

describe("CSV read in pieces", () => {
  it("reads every record of a valid file with its values and physical line, and a stray quote costs only its own line", async () => {
    await fc.assert(
      fc.asyncProperty(files, async ({ newline, filler, rows: given, stray, bom }) => {
        chunking.bytes = 1 << 12;
        // A file with lone CR line ends has no LF in it (an LF would make it an LF file).
        const rows = newline === "\r" ? given.map((values) => values.map((value) => value.replaceAll("\n", ""))) : given;
        const lineEnd = newline === "\r" ? "\r" : "\n";
        const lines: string[] = ["a,b,c", ...Array.from({ length: filler }, (_, i) => `${i % 10},x,y`)];
        const expected: { values: string[]; line: number; malformed: boolean }[] = lines.slice(1).map((line, i) => ({ values: line.split(","), line: i + 2, malformed: false }));
        let line = lines.length + 1;
        rows.forEach((values, index) => {
          if (stray !== undefined && stray % rows.length === index) {
            lines.push('s,"t"u,v');
            expected.push({ values: ["s", 't"u', "v"], line: line++, malformed: true });
          }
          const text = values.map(quote).join(",");
          lines.push(text);
          expected.push({ values, line, malformed: false });
          line += 1 + text.split(lineEnd).length - 1;
        });
        const { header, records } = await read((bom ? "\uFEFF" : "") + lines.join(newline) + newline);
        expect(header).toEqual(["a", "b", "c"]);
        expect(records.map((r) => ({ values: r.values, line: r.line, malformed: r.malformed !== undefined }))).toEqual(expected);
        expect(records.map((r) => r.record)).toEqual(expected.map((_, i) => i + 1));
      }),
      { numRuns: 60 },
    );
  });
});
