import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDay } from "../../src/domain/days.js";
import { readServices } from "../../src/io/csv/services.js";
import { InputFileError, type Rejection } from "../../src/io/csv/column-reader.js";
import { tempFiles, windowsCsv } from "../fixtures/temp-files.js";

const located = ({ file: _file, ...rest }: Rejection) => rest;

async function servicesFrom(text: string) {
  const dir = tempFiles({ "services.csv": text });
  return readServices(join(dir, "services.csv"));
}

describe("services file", () => {
  it("reads each service's counts in date order, whatever the file's order", async () => {
    const { services, read, used, rejections } = await servicesFrom(
      windowsCsv(["service,as_of,domestic_subscribers,comment", "Flix,2024-07-01,12000000,mid-year", "Flix,2024-01-01,10000000,", "Other,2023-01-01,5,"]),
    );
    expect([read, used, rejections]).toEqual([3, 3, []]);
    expect(services.get("Flix")!.map((count) => [formatDay(count.asOf), count.subscribers])).toEqual([
      ["2024-01-01", 10_000_000n],
      ["2024-07-01", 12_000_000n],
    ]);
  });

  it("rejects each bad row with its line, column, value and reason, and keeps the rest", async () => {
    const { services, rejections } = await servicesFrom(
      [
        "service,as_of,domestic_subscribers",
        "Flix,2024-01-01,10000000",
        "Flix,2024-02-30,1",
        "Flix,2024-03-01,0",
        "Flix,2024-03-01,-5",
        ",2024-03-01,5",
        "Flix,2024-01-01,9",
        "Flix,2024-04-01,1.5",
      ].join("\n") + "\n",
    );
    expect(services.get("Flix")!.length).toBe(1);
    expect(rejections.map(located)).toEqual([
      { record: 2, line: 3, column: "as_of", value: "2024-02-30", reason: "not a calendar date" },
      { record: 3, line: 4, column: "domestic_subscribers", value: "0", reason: "must be at least 1" },
      { record: 4, line: 5, column: "domestic_subscribers", value: "-5", reason: "negative count" },
      { record: 5, line: 6, column: "service", value: "", reason: "required value is missing" },
      { record: 6, line: 7, column: "as_of", value: "2024-01-01", reason: "a second count for service Flix on this date (first on line 2)" },
      { record: 7, line: 8, column: "domestic_subscribers", value: "1.5", reason: "not a whole number" },
    ]);
  });

  it("names a missing column", async () => {
    await expect(servicesFrom("service,as_of\nFlix,2024-01-01\n")).rejects.toThrow(InputFileError);
    await expect(servicesFrom("service,as_of\nFlix,2024-01-01\n")).rejects.toThrow(/missing required column domestic_subscribers/);
  });
});
