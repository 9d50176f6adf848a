import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { ContractCalculator, chronologicalOrder } from "../../src/engine/calculator.js";
import type { Usage } from "../../src/domain/inputs.js";
import type { Line } from "../../src/domain/lines.js";
import { readCatalogue } from "../../src/io/csv/catalogue.js";
import { readCsv } from "../../src/io/csv/records.js";
import { LINE_COLUMNS, lineColumns, lineFields, rowBodies, writeRowBodies } from "../../src/io/out/line-format.js";
import { CastNames } from "../../src/domain/cast-names.js";
import type { CastMember } from "../../src/domain/inputs.js";
import { UsageParser } from "../../src/io/csv/usage.js";
import { csvText } from "../../src/io/out/spreadsheet-safety.js";
import { centsText, decOf, type Scaled } from "../../src/money/scaled.js";
import { Dec, formatPlain } from "../../src/money/decimal.js";
import { Utf8Buffer } from "../../src/io/out/utf8-buffer.js";

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

  it("writes decimals as Dec writes them to as many places", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -1, 5, -5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)), fc.nat(12), (value, scale) => {
        const out = new Utf8Buffer(1);
        out.decimal(value, scale);
        expect(decoder.decode(out.view())).toBe(new Dec(value).dividedBy(new Dec(10).pow(scale)).toFixed(scale));
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
const TEXT_COLUMNS = new Set(["title_id", "title", "contract", "rule", "performer_id", "name", "note", "explanation"]);
function csvBody(line: Line, explain: boolean, names?: CastNames): string {
  const columns = lineColumns(names !== undefined, explain);
  const cells = lineFields(0, line, explain, names).map((field, index) => (TEXT_COLUMNS.has(columns[index]!) ? csvText(field) : field));
  return `${cells.slice(1).join(",")}\n`;
}

describe("line bodies as bytes (writeRowBodies): the lines' fields, and as strings (rowBodies)", () => {
  let rows: Line[][] = [];

  beforeAll(async () => {
    const contract = loadContractRef("sag-2009").contract;
    const catalogue = await readCatalogue("examples/titles.csv", "examples/cast.csv", undefined, readCsv);
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

  // Amounts of any size and sign, with up to 9 decimals: most fit a number exactly, some not.
  const scaled: fc.Arbitrary<Scaled> = fc.record({
    unscaled: fc.oneof(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt(), fc.constantFrom(0n, 10n, 2_197_300n, 2n ** 53n, 2n ** 53n + 1n)),
    scale: fc.nat(9),
  });

  it("give the base and amount as their Decs' text", () => {
    fc.assert(
      fc.property(fc.nat(), scaled, fc.bigInt(), (pick, gross, amount) => {
        const original = rows[pick % rows.length]!.find((line) => line.gross !== undefined && line.status !== "incomplete");
        if (original === undefined) return;
        const line = { ...original, gross, part: undefined, amount };
        const fields = lineFields(1, line, false);
        const base = decOf(gross);
        expect(fields[LINE_COLUMNS.indexOf("base")]).toBe(base.decimalPlaces() <= 6 ? base.toFixed() : formatPlain(base, 6));
        expect(fields[LINE_COLUMNS.indexOf("amount")]).toBe(centsText(amount));
      }),
    );
  });

  it("give a prorated base as gross × count ÷ of, rounded once to 6 decimals at most", () => {
    const Exact = Dec.clone({ precision: 200 });
    const part = fc.record({
      count: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 10 ** 12 })),
      of: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 10 ** 15 }), fc.constantFrom(3, 7, 30, 31, 365, 366)),
      unit: fc.constantFrom("days" as const, "units" as const),
    });
    fc.assert(
      fc.property(fc.nat(), scaled, part, (pick, gross, part) => {
        const original = rows[pick % rows.length]!.find((line) => line.gross !== undefined && line.status !== "incomplete");
        if (original === undefined) return;
        const line = { ...original, gross, part };
        // Exactly (enough digits for any gross here), then rounded once to 6 decimals.
        const base = new Exact(decOf(gross).toFixed()).times(part.count).dividedBy(part.of);
        const expected = base.toDecimalPlaces(6, Exact.ROUND_HALF_UP).toFixed().replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
        expect(lineFields(1, line, false)[LINE_COLUMNS.indexOf("base")]).toBe(expected);
        const out = new Utf8Buffer(8);
        writeRowBodies([line], "csv", false, out, []);
        expect(decoder.decode(out.view())).toContain(`,${expected},`);
      }),
      { numRuns: 2000 },
    );
  });

  it("are right for lines that share a note and differ in the rest, however many", () => {
    // Cells the line writer keeps per note: lines with one note, other cells varied, many kinds.
    const lines = rows.flat().slice(0, 40);
    const rules = Array.from({ length: 12 }, (_, index) => `rule-${index}`);
    fc.assert(
      fc.property(
        fc.array(fc.record({ pick: fc.nat(), rule: fc.constantFrom(...rules), performerId: fc.option(fc.constantFrom("P1", "=P2", "P,3"), { nil: undefined }), note: fc.constantFrom("shared note", "another, note") }), { minLength: 1, maxLength: 60 }),
        (picks) => {
          for (const pick of picks) {
            const line = { ...lines[pick.pick % lines.length]!, rule: pick.rule, performerId: pick.performerId, note: pick.note };
            const out = new Utf8Buffer(8);
            writeRowBodies([line], "csv", false, out, []);
            expect(decoder.decode(out.view())).toBe(csvBody(line, false));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("are the same text, each body its own length in bytes", () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.some((lines) => lines.length > 1)).toBe(true);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.record({ titleId: cell, rule: cell, note: cell, performerId: fc.option(cell, { nil: undefined }), contract: cell }),
        fc.constantFrom("csv" as const, "json" as const),
        fc.boolean(),
        fc.option(fc.record({ gross: scaled, amount: fc.bigInt() }), { nil: undefined }),
        // With names: the title's (none, where undefined) and its performers' (one without).
        fc.option(fc.record({ title: fc.option(cell, { nil: undefined }), performer: cell }), { nil: undefined }),
        (pick, text, format, explain, figures, named) => {
          const original = rows[pick % rows.length]!;
          const title = original[0]!.usage.title!;
          const usage = { ...original[0]!.usage, titleId: text.titleId, ...(named ? { title: { ...title, name: named.title } } : {}) };
          const lines = original.map((line, index) => ({
            ...line,
            ...(figures && line.gross !== undefined ? { gross: figures.gross, amount: figures.amount } : {}),
            usage,
            contract: text.contract,
            rule: index === 0 ? text.rule : line.rule,
            note: index === 0 ? text.note : line.note,
            performerId: index === 0 ? text.performerId : line.performerId,
          }));
          const performers = [...new Set(lines.flatMap((line) => (line.performerId === undefined ? [] : [line.performerId])))];
          const cast: CastMember[] = performers.map((performerId, index) => ({ titleId: text.titleId, performerId, ...(index === 1 ? {} : { name: `${named?.performer}${index}` }) }));
          const names = named ? new CastNames(new Map([[text.titleId, cast]])) : undefined;
          const strings = rowBodies(lines, format, explain, names);
          if (format === "csv") expect(strings).toEqual(lines.map((line) => csvBody(line, explain, names)));
          if (format === "json" && names) expect(strings.map((body) => JSON.parse(`{${body}`).title)).toEqual(lines.map(() => (named!.title ? named!.title : null)));
          const out = new Utf8Buffer(8);
          out.text("before");
          const lengths: number[] = [];
          writeRowBodies(lines, format, explain, out, lengths, names);
          expect(lengths).toEqual(strings.map((body) => Buffer.byteLength(body)));
          expect(decoder.decode(out.view())).toBe(`before${strings.join("")}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
