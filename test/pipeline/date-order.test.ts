import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CsvFile } from "../../src/io/csv/records.js";
import { DateOrder } from "../../src/pipeline/parallel/date-order.js";
import { RecordDealer } from "../../src/pipeline/parallel/shard.js";
import { tempFiles } from "../fixtures/temp-files.js";

/** Which ledgers are indexed in date order from the start, before any worker computes a row. */
const dir = tempFiles();
let written = 0;

function outOfOrderFromStart(rows: readonly string[]): boolean {
  const path = join(dir, `ledger-${written++}.csv`);
  writeFileSync(path, ["title_id,period_start,period_end,medium,distributor_gross", ...rows].join("\n") + "\n");
  const csv = CsvFile.open(path);
  try {
    return DateOrder.outOfOrderFromStart(csv, new RecordDealer(csv.header, 2));
  } finally {
    csv.close();
  }
}

const row = (title: string, start: string) => `${title},${start},${start},subscription-streaming,100.00`;

describe("a ledger out of date order from its first records", () => {
  it("is one with a title whose period starts go back", () => {
    expect(outOfOrderFromStart([row("T1", "2009-03-01"), row("T2", "2009-01-01"), row("T1", "2009-02-01")])).toBe(true);
  });

  it("is not one whose titles each go forward, in whatever order the titles come", () => {
    expect(outOfOrderFromStart([row("T1", "2009-03-01"), row("T2", "2009-01-01"), row("T1", "2009-03-01"), row("T2", "2009-02-01"), row("T1", "2009-04-01")])).toBe(false);
  });

  it("is told from quoted cells as from plain ones", () => {
    expect(outOfOrderFromStart([row('"T1"', "2009-03-01"), row("T1", '"2009-02-01"')])).toBe(true);
  });

  it("is not told from a title's rows whose start its bytes do not plainly give", () => {
    expect(outOfOrderFromStart([row("T1", "2009-03-01"), row("T1", "2009-2-1"), row("T1", " 2009-02-01")])).toBe(false);
  });

  it("is not told from a ledger without the columns, or without records", () => {
    expect(outOfOrderFromStart([])).toBe(false);
    const path = join(dir, "no-start.csv");
    writeFileSync(path, "title_id,medium\nT1,subscription-streaming\n");
    const csv = CsvFile.open(path);
    expect(DateOrder.outOfOrderFromStart(csv, new RecordDealer(csv.header, 2))).toBe(false);
    csv.close();
  });
});
