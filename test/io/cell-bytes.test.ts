import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Catalogue, Title, Usage } from "../../src/domain/inputs.js";
import type { Rejection } from "../../src/io/csv/column-reader.js";
import { plainText } from "../../src/money/prorate.js";
import { KINDS, MEDIA } from "../../src/domain/vocabulary.js";
import { asciiString, booleanFromBytes, choiceFromBytes, moneyFromBytes, plainDecimalFromBytes, positiveCountFromBytes } from "../../src/io/csv/cell-bytes.js";
import { recordValues } from "../../src/io/csv/records.js";
import { UsageParser } from "../../src/io/csv/usage.js";
import { parseBoolean, parseChoice, parseDecimal, parseMoney, parsePositiveCount, parseScaledMoney } from "../../src/io/csv/cell-values.js";

/**
 * A parallel worker reads a plain ledger's rows from their bytes (parseBytes) where it can, and
 * as text (parse) where it cannot: where the bytes give a row, it must be the row the text
 * gives, field for field.
 */
const long = "A-title-id-much-longer-than-twenty-eight-characters";
const ids = ["T1", "T000002", "T10", "Émile", long, ""];
const titles: Catalogue = new Map(
  ids.map((id, ordinal): [string, Title] => [id, { id, kind: "tv", producedOn: 0, firstSeason: false, ordinal }]),
);

/** Mostly good cells, some odd ones, a few random. */
const cell = (good: readonly string[], odd: readonly string[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: fc.constantFrom(...odd) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) });
const titleId = cell(["T1", "T000002", "T10", long], ["Émile", "", "T3", " T1", "T1 ", "t1", "T1\u00a0", `${long}!`]);
const medium = cell(MEDIA, ["Rental", " rental", "rental ", "download"]);
const date = cell(["2008-07-01", "2008-07-31", "2009-02-28", "2008-02-29"], ["2009-02-29", "2008-13-01", "2008-00-10", "2008-7-01", " 2008-07-01", "0000-01-01", "9999-12-31", "2008/07/01"]);
const gross = cell(["21933.21", "0", "0.00", "100", "0.5", "007", "123456789012345", "1234567890.12345"], ["", "", " ", "00.5", ".5", "5.", "1,000.00", "$5.00", "1e5", "-5", " 5", "1234567890123456", "12345678901234.56", "1.2345678"]);
const units = cell(["", "0", "12", "0012", "123456789012345"], ["-1", "1.5", " 3", "1234567890123456"]);

const header = ["title_id", "medium", "period_start", "period_end", "distributor_gross", "units"];

/**
 * A parse's result with its amounts as their values: the bytes keep the decimals written
 * ("0.00" has two), the text reader's decimals do not; both are the same amount.
 */
function valued(entry: Usage | Rejection | undefined): unknown {
  if (entry === undefined || !("gross" in entry)) return entry;
  return { ...entry, gross: plainText(entry.gross), hoursViewed: entry.hoursViewed && plainText(entry.hoursViewed) };
}

function parser(columns: readonly string[]): UsageParser {
  const reader = new UsageParser("usage.csv", titles);
  reader.useHeader(columns);
  return reader;
}

describe("UsageParser.parseBytes", () => {
  it("gives, where it gives a row or a rejection, what parse gives for its text", () => {
    let read = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.record({ titleId, medium, start: date, end: date, gross, units }),
        fc.constantFrom(0, 0, 0, 0, 1, -1),
        fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
        (cells, extra, quoted) => {
          const values = [cells.titleId, cells.medium, cells.start, cells.end, cells.gross, cells.units];
          if (extra > 0) values.push("x");
          if (extra < 0) values.pop();
          // Some values quoted, as a spreadsheet may write them (a quote inside doubled).
          const row = values.map((value, i) => (quoted[i] ? `"${value.replaceAll('"', '""')}"` : value)).join(",");
          const reader = parser(header);
          const bytes = Buffer.from(`\n${row}\r\n`, "utf8");
          const fromBytes = reader.parseBytes(bytes, 1, bytes.length - 2, 9, 10);
          const text = recordValues(bytes, 1, bytes.length - 2);
          const fromText = reader.parse({ values: text.values, record: 9, line: 10, ...(text.malformed ? { malformed: text.malformed } : {}) });
          if (fromBytes === undefined) return;
          if ("reason" in fromBytes) rejected++;
          else read++;
          expect(valued(fromBytes)).toEqual(valued(fromText));
        },
      ),
      { numRuns: 3000 },
    );
    // Rows it reads, and rows it rejects, do come up: the test compares something.
    expect(read).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(5);
  });

  it("reads a clean row, and leaves rows it cannot tell to the text reader", () => {
    const reader = parser(header);
    const read = (row: string) => {
      const bytes = Buffer.from(row, "utf8");
      return reader.parseBytes(bytes, 0, bytes.length, 1, 2);
    };
    expect(read("T000002,rental,2008-07-01,2008-07-31,21933.50,12")).toEqual({
      row: 1,
      titleId: "T000002",
      title: titles.get("T000002"),
      ordinal: 1,
      medium: "rental",
      start: 14061,
      end: 14091,
      gross: { unscaled: 2193350n, scale: 2 },
      units: 12,
    });
    expect((read(`${long},rental,2008-07-01,2008-07-31,5,`) as Usage).titleId).toBe(long);
    // Not ASCII, unknown, too many digits for a number, a column more: the text reader's.
    expect(read("Émile,rental,2008-07-01,2008-07-31,5,")).toBeUndefined();
    expect(read("T3,rental,2008-07-01,2008-07-31,5,")).toBeUndefined();
    expect(read("T1,rental,2008-07-01,2008-07-31,1234567890123456,")).toBeUndefined();
    expect(read("T1,rental,2008-07-01,2008-07-31,5,,")).toBeUndefined();
  });

  it("rejects a row without its gross as parse does, and leaves one with another fault first to it", () => {
    const reader = parser(header);
    const read = (row: string) => {
      const bytes = Buffer.from(row, "utf8");
      return reader.parseBytes(bytes, 0, bytes.length, 4, 6);
    };
    const missing = { file: "usage.csv", record: 4, line: 6, column: "distributor_gross", value: "", reason: "required value is missing" };
    expect(read("T1,rental,2008-07-01,2008-07-31,,12")).toEqual(missing);
    expect(read('T1,rental,2008-07-01,2008-07-31,"",12')).toEqual(missing);
    // Ending before it starts is found after the cells are read: the gross is still the fault.
    expect(read("T1,rental,2008-07-31,2008-07-01,,")).toEqual(missing);
    // A fault in a column before the gross, a blank gross, an unknown title: the text reader's.
    expect(read("T1,rental,2008-02-30,2008-07-31,,")).toBeUndefined();
    expect(read("T1,rental,2008-07-01,2008-07-31, ,")).toBeUndefined();
    expect(read("T3,rental,2008-07-01,2008-07-31,,")).toBeUndefined();
  });

  it("reads the columns in any order, units absent", () => {
    const columns = ["distributor_gross", "period_end", "title_id", "period_start", "medium"];
    const reader = parser(columns);
    const row = '0.50,2008-07-31,"T10",2008-07-01,electronic-sell-through';
    const bytes = Buffer.from(row, "utf8");
    const fromBytes = reader.parseBytes(bytes, 0, bytes.length, 3, 4);
    expect(fromBytes).toBeDefined();
    expect(valued(fromBytes)).toEqual(valued(reader.parse({ values: ["0.50", "2008-07-31", "T10", "2008-07-01", "electronic-sell-through"], record: 3, line: 4 })));
  });
});

describe("asciiString", () => {
  it("gives the text of ASCII bytes at any place and of any length, short or long", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 30 }), fc.nat(5), (text, offset) => {
        const bytes = Buffer.from(`${"x".repeat(offset)}${text},`, "latin1");
        expect(asciiString(bytes, offset, offset + text.length)).toBe(text);
      }),
    );
  });
});

describe("catalogue cells from their bytes", () => {
  const bytesOf = (text: string) => Buffer.from(text, "utf8");
  const read = <T>(fromBytes: (bytes: Buffer, from: number, end: number) => T, text: string): T => {
    const bytes = bytesOf(`,${text},`);
    return fromBytes(bytes, 1, bytes.length - 1);
  };

  it("gives, where it gives a value, the value the text parser gives", () => {
    const kinds = choiceFromBytes(KINDS);
    const text = fc.oneof(
      fc.constantFrom("tv", "TV", "feature", "feature ", "yes", "no", "Yes", "TRUE", "true", "false", "0", "1", "2", "00", "007", "1.5", ".5", "5.", "1,000", "$5", "-5", "-0.00"),
      fc.constantFrom("123456789012345", "1234567890123456", "20000", "0.00", "12.345678901234567890", "2500.50", "100.000", "0.050", "10.0"),
      fc.stringMatching(/^[0-9.]{1,8}$/),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(text, (cell) => {
        if (cell === "") return;
        const pairs: [unknown, unknown][] = [
          [read(kinds, cell), parseChoice(KINDS, "kind")(cell)],
          [read(booleanFromBytes, cell), parseBoolean(cell)],
          [read(positiveCountFromBytes, cell), parsePositiveCount(cell)],
          [read(plainDecimalFromBytes, cell), parseMoney(cell)],
          [read(plainDecimalFromBytes, cell), parseDecimal(cell)],
          [read(moneyFromBytes, cell), parseScaledMoney(cell)],
        ];
        for (const [fromBytes, fromText] of pairs) if (fromBytes !== undefined) expect(fromBytes).toEqual(fromText);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the common cells, and leaves the others to the text parser", () => {
    expect(read(choiceFromBytes(KINDS), "new-media")).toBe("new-media");
    expect(read(choiceFromBytes(KINDS), "Feature")).toBeUndefined();
    expect([read(booleanFromBytes, "yes"), read(booleanFromBytes, "0"), read(booleanFromBytes, "Yes")]).toEqual([true, false, undefined]);
    expect([read(positiveCountFromBytes, "90"), read(positiveCountFromBytes, "0")]).toEqual([90, undefined]);
    expect(read(plainDecimalFromBytes, "1800000.50")?.toFixed(2)).toBe("1800000.50");
    expect([read(plainDecimalFromBytes, "$1,800"), read(plainDecimalFromBytes, "1.")]).toEqual([undefined, undefined]);
    // A TAM as a scaled integer, its decimals' trailing zeros left off as a Dec leaves them.
    expect([read(moneyFromBytes, "2500.50"), read(moneyFromBytes, "2500.00"), read(moneyFromBytes, "0.00"), read(moneyFromBytes, "7")]).toEqual([
      { unscaled: 25005n, scale: 1 },
      { unscaled: 2500n, scale: 0 },
      { unscaled: 0n, scale: 0 },
      { unscaled: 7n, scale: 0 },
    ]);
    expect([read(moneyFromBytes, "$1,800"), read(moneyFromBytes, "1."), read(moneyFromBytes, "1234567890123456")]).toEqual([undefined, undefined, undefined]);
  });

  it("gives equal amounts one shared Dec, and tells amounts apart by their text", () => {
    const base = read(plainDecimalFromBytes, "20000");
    expect(read(plainDecimalFromBytes, "20000")).toBe(base);
    expect(read(plainDecimalFromBytes, "20000.00")).not.toBe(base);
    expect(read(plainDecimalFromBytes, "20000.00")?.toFixed()).toBe("20000");
    // Past its bound the cache starts over: amounts read before are made again, still right.
    for (let amount = 0; amount < 5000; amount++) expect(read(plainDecimalFromBytes, `${amount}.5`)?.toFixed(1)).toBe(`${amount}.5`);
    expect(read(plainDecimalFromBytes, "20000")?.toFixed()).toBe("20000");
  });
});
