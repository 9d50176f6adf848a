import { describe, expect, it } from "vitest";
import type { Console } from "../../src/cli/console.js";
import { outputFormat } from "../../src/cli/options.js";

const FORMATS = ["table", "csv", "json", "html", "xlsx"] as const;
const consoleOn = (isTTY: boolean) => ({ stdout: { isTTY }, stderr: {} }) as unknown as Console;

describe("the output format", () => {
  it.each([
    [undefined, "report.HTML", false, "html"],
    [undefined, "book.xlsx", false, "xlsx"],
    [undefined, "table.txt", false, "table"],
    [undefined, "results", false, "csv"],
    [undefined, undefined, true, "table"],
    [undefined, undefined, false, "csv"],
    ["json", undefined, true, "json"],
    ["xlsx", undefined, false, "xlsx"],
  ] as const)("--format %s --out %s (terminal: %s) is %s", (format, out, tty, expected) => {
    expect(outputFormat(format, out, consoleOn(tty), FORMATS, "table")).toBe(expected);
  });

  it("never writes a workbook to a terminal", () => {
    expect(() => outputFormat("xlsx", undefined, consoleOn(true), FORMATS, "table")).toThrow(
      "--format xlsx: a workbook is not shown on a terminal; give --out FILE.xlsx or redirect stdout",
    );
  });
});
