import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRejection, REJECT_COLUMNS, REJECTIONS_SHOWN, RejectsLog } from "../../src/io/out/rejects.js";
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

  it("are a CSV with the columns file, record, line, column, value, reason (text cells neutralized and quoted)", async () => {
    expect(REJECT_COLUMNS).toEqual(["file", "record", "line", "column", "value", "reason"]);
    expect(await written((log) => [log.add(cell), log.add(whole)])).toBe(
      [
        "file,record,line,column,value,reason",
        `usage.csv,7,9,distributor_gross,'-100.00,"negative amount (only distributor_gross may be negative, on a correction)"`,
        'usage.csv,8,10,,"T1,""a,b""","wrong number of fields: expected 6, got 3"',
        "",
      ].join("\n"),
    );
  });

  it("are written whole, leaving no temporary file behind (a header alone when there are none)", async () => {
    const dir = tempFiles();
    await written((log) => [log.add(cell)], dir);
    expect(readdirSync(dir)).toEqual(["rejects.csv"]);
    expect(readFileSync(join(dir, "rejects.csv"), "utf8")).toBe(`${HEADER}${CELL_ROW}`);
    await written(() => [], dir);
    expect(readdirSync(dir)).toEqual(["rejects.csv"]);
    expect(readFileSync(join(dir, "rejects.csv"), "utf8")).toBe(HEADER);
  });

  it("are counted, only the first few kept (what stderr shows), however many there are", async () => {
    const many = Array.from({ length: 2500 }, (_, index) => ({ ...cell, record: index + 1 }));
    for (const output of [false, true]) {
      let log: RejectsLog | undefined;
      const text = await written((opened) => {
        log = opened;
        return many.map((rejection) => opened.add(rejection));
      }, tempFiles(), output);
      expect(log!.count).toBe(2500);
      expect(log!.shown).toEqual(many.slice(0, REJECTIONS_SHOWN));
      expect(text.split("\n")).toHaveLength(output ? 1 + 2500 + 1 : 1);
    }
  });

  it("keep the catalogue's when the pass restarts, and only the one that stopped a --strict run", async () => {
    const title: Rejection = { ...whole, file: "titles.csv", record: 3 };
    const restarted = await written(async (log) => {
      await log.addCatalogue([title]);
      await log.add(whole);
      await log.restart();
      expect([log.count, log.shown]).toEqual([1, [title]]);
      await log.add(cell);
      return [];
    });
    expect(restarted).toBe(`${HEADER}${TITLE_ROW}${CELL_ROW}`);
    const stopped = await written(async (log) => {
      await log.addCatalogue([title]);
      await log.add(whole);
      await log.stoppedAt(cell);
      return [];
    });
    expect(stopped).toBe(`${HEADER}${CELL_ROW}`);
  });
});

const HEADER = "file,record,line,column,value,reason\n";
const CELL_ROW = `usage.csv,7,9,distributor_gross,'-100.00,"negative amount (only distributor_gross may be negative, on a correction)"\n`;
const TITLE_ROW = 'titles.csv,3,10,,"T1,""a,b""","wrong number of fields: expected 6, got 3"\n';

/** What a RejectsLog writes to its rejects file (with `output`; else "") as `use` adds to it. */
async function written(use: (log: RejectsLog) => Promise<unknown> | (Promise<void> | undefined)[], dir = tempFiles(), output = true): Promise<string> {
  const file = join(dir, "rejects.csv");
  const target = output ? await Output.open(file, process.stdout) : undefined;
  const log = await RejectsLog.open(target);
  await Promise.all([use(log)].flat());
  if (!target) return "";
  await target.commit();
  return readFileSync(file, "utf8");
}

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
