import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRejection, REJECT_COLUMNS, rejectsCsv, writeRejects } from "../../src/io/out/rejects.js";
import type { Rejection } from "../../src/io/csv/column-reader.js";
import { Output } from "../../src/io/out/output-file.js";
import { resolveTarget } from "../../src/io/out/targets.js";
import { tempFiles } from "../fixtures/temp-files.js";

const cell: Rejection = { file: "usage.csv", record: 7, line: 9, column: "distributor_gross", value: "-100.00", reason: "negative amount (only distributor_gross may be negative, on a correction)" };
const whole: Rejection = { file: "usage.csv", record: 8, line: 10, column: "", value: 'T1,"a,b"', reason: "wrong number of fields: expected 6, got 3" };

describe("rejections", () => {
  it("read as one line each on stderr", () => {
    expect(formatRejection(cell)).toBe(
      'usage.csv:9: record 7, column distributor_gross: negative amount (only distributor_gross may be negative, on a correction) (value "-100.00")',
    );
    expect(formatRejection(whole)).toBe("usage.csv:10: record 8: wrong number of fields: expected 6, got 3");
  });

  it("are a CSV with the columns file, record, line, column, value, reason (text cells neutralized and quoted)", () => {
    expect(REJECT_COLUMNS).toEqual(["file", "record", "line", "column", "value", "reason"]);
    expect(rejectsCsv([cell, whole])).toBe(
      [
        "file,record,line,column,value,reason",
        `usage.csv,7,9,distributor_gross,'-100.00,"negative amount (only distributor_gross may be negative, on a correction)"`,
        'usage.csv,8,10,,"T1,""a,b""","wrong number of fields: expected 6, got 3"',
        "",
      ].join("\n"),
    );
  });

  it("are written whole, leaving no temporary file behind", async () => {
    const dir = tempFiles();
    const written = async (rejections: Rejection[]) => {
      const output = await Output.open(join(dir, "rejects.csv"), process.stdout);
      await writeRejects(output, rejections);
      await output.commit();
    };
    await written([cell]);
    expect(readdirSync(dir)).toEqual(["rejects.csv"]);
    expect(readFileSync(join(dir, "rejects.csv"), "utf8")).toBe(rejectsCsv([cell]));
    await written([]);
    expect(readFileSync(join(dir, "rejects.csv"), "utf8")).toBe("file,record,line,column,value,reason\n");
  });
});

describe("result targets are checked before any work", () => {
  it("accepts a new file in an existing folder, or an existing file", async () => {
    const dir = tempFiles({ "old.csv": "x" });
    await expect(resolveTarget("--out", join(dir, "new.csv"))).resolves.toMatchObject({ kind: "file", path: join(dir, "new.csv"), existing: undefined });
    await expect(resolveTarget("--out", join(dir, "old.csv"))).resolves.toMatchObject({ kind: "file", path: join(dir, "old.csv"), existing: { size: 1 } });
  });

  it("refuses a folder, a missing folder, and a path under a file", async () => {
    const dir = tempFiles({ "file.csv": "x" });
    await expect(resolveTarget("--out", dir)).rejects.toThrow(`${dir}: cannot be written: it is a folder`);
    await expect(resolveTarget("--out", join(dir, "nope", "out.csv"))).rejects.toThrow(`${join(dir, "nope", "out.csv")}: cannot be written: the folder ${join(dir, "nope")} does not exist`);
    await expect(resolveTarget("--out", join(dir, "file.csv", "out.csv"))).rejects.toThrow(`${join(dir, "file.csv", "out.csv")}: cannot be written: ${join(dir, "file.csv")} is not a folder`);
  });
});
