import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { ContractCalculator, chronologicalOrder } from "../../src/engine/calculator.js";
import type { Usage } from "../../src/engine/inputs.js";
import type { Line } from "../../src/engine/lines.js";
import { readCatalogue } from "../../src/cli/inputs.js";
import { readCsv } from "../../src/io/csv.js";
import { LINE_COLUMNS, lineFields, rowBodies, writeRowBodies } from "../../src/io/line-format.js";
import { UsageParser } from "../../src/io/usage.js";
import { csvText } from "../../src/io/spreadsheet.js";
import { Utf8Buffer } from "../../src/io/utf8-buffer.js";

/**
 * Parallel workers write line bodies as UTF-8 bytes, piece by piece; the single-threaded path
 * builds them as strings. Both must be the same text, byte for byte.
 */
const decoder = new TextDecoder();

describe("Utf8Buffer", () => {
  // Whole characters (a surrogate pair is never split between pieces), ASCII and not.
  const piece = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom("", ",", "é", "€", "😀", "a\"b", "x".repeat(300)));

  it("writes pieces as their UTF-8 encoding, growing as needed", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (pieces, capacity) => {
        const out = new Utf8Buffer(capacity);
        for (const text of pieces) out.text(text);
        expect(Buffer.from(out.view()).equals(Buffer.from(pieces.join(""), "utf8"))).toBe(true);
      }),
    );
  });

  it("writes whole numbers as their digits, ASCII by code, and copies of bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(), fc.constantFrom(0, 9, 10, 99, 100, Number.MAX_SAFE_INTEGER)), { maxLength: 20 }), (numbers) => {
        const out = new Utf8Buffer(1);
        for (const number of numbers) {
          out.digits(number);
          out.ascii(0x2c);
        }
        const numbersEnd = out.length;
        out.repeat(0, numbersEnd);
        out.copy(new TextEncoder().encode("«é»"), 2, 4);
        const expected = numbers.map((number) => `${number},`).join("");
        expect(decoder.decode(out.view())).toBe(`${expected}${expected}é`);
      }),
    );
  });

  it("writes a text cell as csvText makes it", () => {
    const special = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "a", " ", "é", "😀");
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.array(special, { maxLength: 6 }).map((parts) => parts.join(""))), { maxLength: 10 }), (cells) => {
        const out = new Utf8Buffer(4);
        for (const cell of cells) out.csvText(cell);
        expect(decoder.decode(out.view())).toBe(cells.map(csvText).join(""));
      }),
    );
  });

  it("starts again empty after clear", () => {
    const out = new Utf8Buffer(4);
    out.text("résidu");
    out.clear();
    out.text("ok");
    expect(decoder.decode(out.view())).toBe("ok");
  });
});

/**
 * A CSV body as the format says it, from the line's fields as JSON and the table take them
 * (lineFields): text columns through csvText, the rest as they are, after the line number.
 */
const TEXT_COLUMNS = new Set(["title_id", "contract", "rule", "performer_id", "note", "explanation"]);
function csvBody(line: Line, explain: boolean): string {
  const names = [...LINE_COLUMNS, "explanation"];
  const cells = lineFields(0, line, explain).map((field, index) => (TEXT_COLUMNS.has(names[index]!) ? csvText(field) : field));
  return `${cells.slice(1).join(",")}\n`;
}

describe("line bodies as bytes (writeRowBodies): the lines' fields, and as strings (rowBodies)", () => {
  let rows: Line[][] = [];

  beforeAll(async () => {
    const contract = loadContractRef("sag-2009").contract;
    const catalogue = await readCatalogue("examples/titles.csv", "examples/cast.csv");
    const parser = new UsageParser("examples/usage.csv", catalogue.titles);
    const usages: Usage[] = [];
    await readCsv("examples/usage.csv", (header) => parser.useHeader(header), (batch) => {
      for (const record of batch) usages.push(parser.parse(record) as Usage);
    });
    const calculator = new ContractCalculator(contract, catalogue.titles, catalogue.cast);
    rows = chronologicalOrder(usages).map((usage) => calculator.linesFor(usage));
  });

  // Text cells with what CSV quoting, spreadsheet neutralizing and UTF-8 are about.
  const cell = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.constantFrom("", "=SUM(A1)", "-5", "+x", "@home", "a,b", 'say "hi"', "two\nlines", "\r", "Zoë", "€ 5", "😀", "tab\there"),
  );

  it("are the same text, each body its own length in bytes", () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.some((lines) => lines.length > 1)).toBe(true);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.record({ titleId: cell, rule: cell, note: cell, performerId: fc.option(cell, { nil: undefined }), contract: cell }),
        fc.constantFrom("csv" as const, "json" as const),
        fc.boolean(),
        (pick, text, format, explain) => {
          const original = rows[pick % rows.length]!;
          const usage = { ...original[0]!.usage, titleId: text.titleId };
          const lines = original.map((line, index) => ({
            ...line,
            usage,
            contract: text.contract,
            rule: index === 0 ? text.rule : line.rule,
            note: index === 0 ? text.note : line.note,
            performerId: index === 0 ? text.performerId : line.performerId,
          }));
          const strings = rowBodies(lines, format, explain);
          if (format === "csv") expect(strings).toEqual(lines.map((line) => csvBody(line, explain)));
          const out = new Utf8Buffer(8);
          out.text("before");
          const lengths: number[] = [];
          writeRowBodies(lines, format, explain, out, lengths);
          expect(lengths).toEqual(strings.map((body) => Buffer.byteLength(body)));
          expect(decoder.decode(out.view())).toBe(`before${strings.join("")}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
