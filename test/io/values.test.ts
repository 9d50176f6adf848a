import { describe, expect, it } from "vitest";
import { Dec } from "../../src/money/decimal.js";
import { parseBoolean, parseChoice, parseCount, parseDate, parseDecimal, parseMoney, parsePositiveCount, Problem } from "../../src/io/csv/cell-values.js";
import { formatDay } from "../../src/domain/days.js";

const reason = (value: unknown) => (value instanceof Problem ? value.reason : `accepted: ${String(value)}`);

describe("parseMoney", () => {
  it.each([
    ["1234.56", "1234.56"],
    ["0", "0"],
    ["$1,234.56", "1234.56"],
    ["1,234.56", "1234.56"],
    ["$1234", "1234"],
    ["$1,000,000", "1000000"],
    ["0.000001", "0.000001"],
    ["-0.00", "0"],
    ["($0.00)", "0"],
  ])("reads %s as %s", (text, expected) => {
    const value = parseMoney(text);
    expect(value).toBeInstanceOf(Dec);
    expect((value as Dec).toFixed()).toBe(expected);
  });

  it.each(["-1", "-$1,234.56", "$-12.00", "($12.00)", "-0.01"])("rejects the negative %s", (text) => {
    expect(reason(parseMoney(text))).toBe("negative amount (only distributor_gross may be negative, on a correction)");
  });

  it.each(["lots", "1.2.3", "12,34", "1,23.45", "$ 12", "1e5", ".5", "5.", "0x10", "12 USD", "€12", "1 234,56", "(12.00", "--1", "１２"])(
    "rejects %s as not an amount",
    (text) => {
      expect(reason(parseMoney(text))).toBe("not an amount (expected 1234.56 or $1,234.56)");
    },
  );
});

describe("parseDate", () => {
  it("reads ISO calendar dates, the same every time", () => {
    expect(formatDay(parseDate("2009-02-28") as number)).toBe("2009-02-28");
    expect(formatDay(parseDate("2008-02-29") as number)).toBe("2008-02-29");
    expect(parseDate("2009-02-28")).toBe(parseDate("2009-02-28"));
  });

  it.each([
    ["2009-02-29", "not a calendar date"],
    ["2009-13-01", "not a calendar date"],
    ["39845", "not a date (YYYY-MM-DD); this looks like a spreadsheet serial number"],
    ["2009/02/03", "not a date (expected YYYY-MM-DD)"],
    ["02/03/2009", "not a date (expected YYYY-MM-DD)"],
    ["2009-2-3", "not a date (expected YYYY-MM-DD)"],
    ["2009-02-03T00:00", "not a date (expected YYYY-MM-DD)"],
  ])("rejects %s: %s", (text, expected) => {
    expect(reason(parseDate(text))).toBe(expected);
  });
});

describe("counts, booleans, decimals and choices", () => {
  it("reads whole numbers and says what is wrong with the rest", () => {
    expect(parseCount("0")).toBe(0);
    expect(parseCount("60000")).toBe(60000);
    expect(reason(parseCount("-3"))).toBe("negative count");
    expect(reason(parseCount("1.5"))).toBe("not a whole number");
    expect(reason(parseCount("1,000"))).toBe("not a whole number");
    expect(reason(parseCount("99999999999999999999"))).toBe("number too large");
    expect(reason(parsePositiveCount("0"))).toBe("must be at least 1");
  });

  it("reads the booleans of docs/io-formats.md", () => {
    for (const text of ["true", "TRUE", "yes", "Yes", "1"]) expect(parseBoolean(text)).toBe(true);
    for (const text of ["false", "no", "NO", "0", ""]) expect(parseBoolean(text)).toBe(false);
    expect(reason(parseBoolean("y"))).toBe("not a boolean (expected true/false, yes/no, 1/0 or empty)");
  });

  it("reads allocation units as decimals ≥ 0", () => {
    expect((parseDecimal("2.5") as Dec).toFixed()).toBe("2.5");
    expect(reason(parseDecimal("-1"))).toBe("negative number");
    expect(reason(parseDecimal("two"))).toBe("not a decimal number");
  });

  it("takes a choice only as written", () => {
    const medium = parseChoice(["rental", "electronic-sell-through"], "medium");
    expect(medium("rental")).toBe("rental");
    expect(reason(medium("Rental"))).toBe("unknown medium (expected rental, electronic-sell-through)");
  });
});
