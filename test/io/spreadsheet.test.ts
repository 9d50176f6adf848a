import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvText, neutralize } from "../../src/io/out/spreadsheet-safety.js";
import { FORMULA_TEXTS } from "../fixtures/injection.js";

describe("spreadsheet safety of CSV text cells", () => {
  it.each(FORMULA_TEXTS)("neutralizes %j with a leading apostrophe", (text, expected) => {
    expect(neutralize(text)).toBe(expected);
  });

  it.each(["Harbor Lights", "", "a=b", "1+1", " =x", "'quoted", "P-1001"])("leaves %j as it is", (text) => {
    expect(neutralize(text)).toBe(text);
  });

  it("quotes a cell with a comma, quote or line end, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("neutralizes first, then quotes", () => {
    expect(csvText('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvText("\rx")).toBe('"\'\rx"');
  });
});

describe("csvText", () => {
  it("is neutralize then csvCell, for any text", () => {
    const special = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "a", " ", "é");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(special, { maxLength: 8 }).map((parts) => parts.join(""))), (text) => {
        expect(csvText(text)).toBe(csvCell(neutralize(text)));
      }),
      { numRuns: 500 },
    );
  });
});
