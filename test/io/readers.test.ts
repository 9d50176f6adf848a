import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decOf } from "../../src/money/scaled.js";
import { isRejectedCast, type Usage } from "../../src/domain/inputs.js";
import { readCast } from "../../src/io/csv/cast.js";
import { readCsv, UNCLOSED } from "../../src/io/csv/records.js";
import { InputFileError, isRejection, type Rejection } from "../../src/io/csv/column-reader.js";
import { readTitles } from "../../src/io/csv/titles.js";
import { UsageParser } from "../../src/io/csv/usage.js";
import { tempFiles, windowsCsv } from "../fixtures/temp-files.js";

const TITLES_HEADER = "title_id,title,kind,produced_on,first_aired_on,runtime_minutes,first_season,market,budget,residual_base";

async function titlesFrom(lines: string[]) {
  const dir = tempFiles({ "titles.csv": windowsCsv([TITLES_HEADER, ...lines]) });
  return readTitles(join(dir, "titles.csv"));
}

const CATALOGUE = ["T1,One,tv,2008-01-01,2008-06-01,60,no,network,,20000", "F1,Film,feature,2006-01-01,2007-01-01,100,,theatrical,,"];

/** A rejection without its file (a temporary path), for exact comparison. */
const located = ({ file: _file, ...rest }: Rejection) => rest;

describe("titles file", () => {
  it("reads every column of docs/io-formats.md", async () => {
    const { titles, read, rejections } = await titlesFrom([
      'N1,"Web, Episode 1",new-media,2008-09-01,2008-12-01,10,yes,new-media,"$1,800,000.00",',
      ...CATALOGUE,
    ]);
    expect([read, rejections.length, titles.size]).toEqual([3, 0, 3]);
    const web = titles.get("N1")!;
    expect([web.name, web.kind, web.runtimeMinutes, web.firstSeason, web.market, web.budget?.toFixed(), web.residualBase]).toEqual([
      "Web, Episode 1", "new-media", 10, true, "new-media", "1800000", undefined,
    ]);
  });

  it("rejects each kind of bad title row with its line, column, value and reason", async () => {
    const { titles, read, rejections } = await titlesFrom([
      ...CATALOGUE,
      "R1,Radio,radio,2008-01-01,,,,,,",
      "D1,Date,tv,2008-02-30,,,,,,",
      "M1,Missing,tv,,,,,,,",
      "Z1,Zero,tv,2008-01-01,,0,,,,",
      "S1,Season,tv,2008-01-01,,,maybe,,,",
      "K1,Market,tv,2008-01-01,,,,web,,",
      "B1,Budget,new-media,2008-01-01,,,,,lots,",
      "T1,Again,tv,2008-01-01,,,,,,",
      "W1,too,few",
    ]);
    expect(read).toBe(11);
    expect([...titles.keys()]).toEqual(["T1", "F1"]);
    expect(rejections.map(located)).toEqual([
      { record: 3, line: 4, column: "kind", value: "radio", reason: "unknown kind (expected tv, feature, new-media)" },
      { record: 4, line: 5, column: "produced_on", value: "2008-02-30", reason: "not a calendar date" },
      { record: 5, line: 6, column: "produced_on", value: "", reason: "required value is missing" },
      { record: 6, line: 7, column: "runtime_minutes", value: "0", reason: "must be at least 1" },
      { record: 7, line: 8, column: "first_season", value: "maybe", reason: "not a boolean (expected true/false, yes/no, 1/0 or empty)" },
      { record: 8, line: 9, column: "market", value: "web", reason: "unknown market (expected network-prime-time, network, cable, syndication, theatrical, new-media)" },
      { record: 9, line: 10, column: "budget", value: "lots", reason: "not an amount (expected 1234.56 or $1,234.56)" },
      { record: 10, line: 11, column: "title_id", value: "T1", reason: "duplicate title_id (first on line 2)" },
      { record: 11, line: 12, column: "", value: "W1,too,few", reason: "wrong number of fields: expected 10, got 3" },
    ]);
  });
});

describe("cast file", () => {
  it("rejects unknown titles, duplicate performers and bad numbers, keeping the rest in file order", async () => {
    const dir = tempFiles({
      "titles.csv": windowsCsv([TITLES_HEADER, ...CATALOGUE]),
      "cast.csv": windowsCsv([
        "performer_id,title_id,units,tam",
        "P1,T1,3,$4000.00",
        'P2,T1,1,"$2,833.33"',
        "P1,T1,1,100",
        "P1,F1,1,100",
        "P9,NOPE,1,100",
        "P3,T1,-1,100",
        "P4,T1,1,-5",
      ]),
    });
    const { titles } = await readTitles(join(dir, "titles.csv"));
    const { cast, read, rejections } = await readCast(join(dir, "cast.csv"), titles);
    expect(read).toBe(7);
    // T1's first rejected record comes first: its pools are not shared among the rest.
    expect(cast.get("T1")!.map((m) => (isRejectedCast(m) ? m.rejected : [m.performerId, m.tam && decOf(m.tam).toFixed(), m.units?.toFixed()]))).toEqual([
      { file: join(dir, "cast.csv"), record: 3, line: 4 },
      ["P1", "4000", "3"],
      ["P2", "2833.33", "1"],
    ]);
    expect(cast.get("F1")!.map((m) => (isRejectedCast(m) ? "rejected" : m.performerId))).toEqual(["P1"]);
    expect(rejections.map(located)).toEqual([
      { record: 3, line: 4, column: "performer_id", value: "P1", reason: "duplicate performer_id for title T1 (first on line 2)" },
      { record: 5, line: 6, column: "title_id", value: "NOPE", reason: "unknown title_id (not in the titles file, or rejected there)" },
      { record: 6, line: 7, column: "units", value: "-1", reason: "negative number" },
      { record: 7, line: 8, column: "tam", value: "-5", reason: "negative amount (only distributor_gross may be negative, on a correction)" },
    ]);
  });
});

describe("names a run does not write", () => {
  it("are checked as when kept, so the same records are rejected, but none is kept", async () => {
    const bad = Buffer.from([0xff]);
    const dir = tempFiles({
      "titles.csv": Buffer.concat([Buffer.from(`${TITLES_HEADER}\n${CATALOGUE.join("\n")}\nT2,Bad `), bad, Buffer.from(",tv,2008-01-01,,,,,,\nT3,Zoë,tv,2008-01-01,,,,,,\n")]),
      "cast.csv": Buffer.concat([Buffer.from("title_id,performer_id,name,units\nT1,P1,Ann Lee,1\nT1,P2,Bad "), bad, Buffer.from(",1\nT3,P3,Zoë Ward,2\n")]),
    });
    const read = async (names: boolean) => {
      const titles = await readTitles(join(dir, "titles.csv"), undefined, undefined, names);
      const cast = await readCast(join(dir, "cast.csv"), titles.titles, undefined, undefined, names);
      const members = [...cast.cast.values()].flat().map((m) => (isRejectedCast(m) ? "rejected" : [m.performerId, m.name]));
      return { titles: [...titles.titles.values()].map((t) => [t.id, t.name]), members, rejections: [...titles.rejections, ...cast.rejections].map(located) };
    };
    const kept = await read(true);
    const unkept = await read(false);
    expect(kept.titles).toEqual([["T1", "One"], ["F1", "Film"], ["T3", "Zoë"]]);
    // T1's rejected record first: its pools are not shared (see readCast).
    expect(kept.members).toEqual(["rejected", ["P1", "Ann Lee"], ["P3", "Zoë Ward"]]);
    expect(kept.rejections.map((r) => [r.line, r.column, r.reason])).toEqual([
      [4, "title", 'not UTF-8 text (save the file as "CSV UTF-8")'],
      [3, "name", 'not UTF-8 text (save the file as "CSV UTF-8")'],
    ]);
    expect(unkept).toEqual({
      titles: [["T1", undefined], ["F1", undefined], ["T3", undefined]],
      members: ["rejected", ["P1", undefined], ["P3", undefined]],
      rejections: kept.rejections,
    });
  });
});

describe("usage ledger", () => {
  async function usageFrom(text: string): Promise<(Usage | Rejection)[]> {
    const dir = tempFiles({ "titles.csv": windowsCsv([TITLES_HEADER, ...CATALOGUE]), "usage.csv": text });
    const { titles } = await readTitles(join(dir, "titles.csv"));
    const parser = new UsageParser(join(dir, "usage.csv"), titles);
    const entries: (Usage | Rejection)[] = [];
    await readCsv(join(dir, "usage.csv"), (header) => parser.useHeader(header), (batch) => void batch.forEach((r) => entries.push(parser.parse(r))));
    return entries;
  }

  it("rejects each kind of bad usage row and keeps the good ones, numbered as records", async () => {
    const entries = await usageFrom(
      windowsCsv([
        "title_id,medium,period_start,period_end,distributor_gross,units",
        'T1,rental,2009-01-01,2009-01-31,"$1,234.56",10',
        "T1,rental,2009-01-01,2009-01-31,12.50,",
        "T1,rental,2009-02-30,2009-03-31,1,",
        "T1,rental,2009-05-01,2009-04-30,1,",
        "T1,rental,2009-05-01,2009-05-31,-1,",
        "T1,rental,2009-05-01,2009-05-31,n/a,",
        "T1,dvd,2009-05-01,2009-05-31,1,",
        "XX,rental,2009-05-01,2009-05-31,1,",
        "T1,rental,2009-05-01,2009-05-31,1,1.5",
        "T1,rental,2009-05-01,2009-05-31,1,,extra",
        ",rental,2009-05-01,2009-05-31,1,",
      ]),
    );
    const good = entries.filter((entry): entry is Usage => !isRejection(entry));
    expect(good.map((u) => [u.row, u.titleId, decOf(u.gross).toFixed(), u.units])).toEqual([
      [1, "T1", "1234.56", 10],
      [2, "T1", "12.5", undefined],
      [5, "T1", "-1", undefined],
    ]);
    expect(entries.filter(isRejection).map(located)).toEqual([
      { record: 3, line: 4, column: "period_start", value: "2009-02-30", reason: "not a calendar date" },
      { record: 4, line: 5, column: "period_end", value: "2009-04-30", reason: "period_end is before period_start 2009-05-01" },
      { record: 6, line: 7, column: "distributor_gross", value: "n/a", reason: "not an amount (expected 1234.56 or $1,234.56)" },
      { record: 7, line: 8, column: "medium", value: "dvd", reason: "unknown medium (expected ad-supported-streaming, subscription-streaming, rental, electronic-sell-through)" },
      { record: 8, line: 9, column: "title_id", value: "XX", reason: "unknown title_id (not in the titles file, or rejected there)" },
      { record: 9, line: 10, column: "units", value: "1.5", reason: "not a whole number" },
      { record: 10, line: 11, column: "", value: "T1,rental,2009-05-01,2009-05-31,1,,extra", reason: "wrong number of fields: expected 6, got 7" },
      { record: 11, line: 12, column: "title_id", value: "", reason: "required value is missing" },
    ]);
  });

  it("reads corrections, service and hours_viewed, and rejects units that do not go with the gross", async () => {
    const entries = await usageFrom(
      windowsCsv([
        "title_id,medium,period_start,period_end,distributor_gross,units,service,hours_viewed",
        "T1,rental,2009-01-01,2009-01-31,-250.00,-3,,",
        "T1,rental,2009-01-01,2009-01-31,($12.50),0,,",
        "T1,subscription-streaming,2009-01-01,2009-01-31,0,, Flix ,1200.5",
        "T1,rental,2009-01-01,2009-01-31,-1,2,,",
        "T1,rental,2009-01-01,2009-01-31,1,-2,,",
        "T1,rental,2009-01-01,2009-01-31,0,-2,,",
        "T1,subscription-streaming,2009-01-01,2009-01-31,0,,Flix,-5",
        "T1,subscription-streaming,2009-01-01,2009-01-31,0,,Flix,many",
        "T1,rental,2009-01-01,2009-01-31,1,-x,,",
      ]),
    );
    const good = entries.filter((entry): entry is Usage => !isRejection(entry));
    expect(good.map((u) => [u.row, decOf(u.gross).toFixed(), u.units, u.service, u.hoursViewed && decOf(u.hoursViewed).toFixed()])).toEqual([
      [1, "-250", -3, undefined, undefined],
      [2, "-12.5", 0, undefined, undefined],
      [3, "0", undefined, "Flix", "1200.5"],
    ]);
    const onCorrection = "positive units on a correction (negative distributor_gross): a correction's units are negative, 0 or empty";
    const notCorrection = "negative count (only a correction, with a negative distributor_gross, has negative units)";
    expect(entries.filter(isRejection).map(located)).toEqual([
      { record: 4, line: 5, column: "units", value: "2", reason: onCorrection },
      { record: 5, line: 6, column: "units", value: "-2", reason: notCorrection },
      { record: 6, line: 7, column: "units", value: "-2", reason: notCorrection },
      { record: 7, line: 8, column: "hours_viewed", value: "-5", reason: "negative number" },
      { record: 8, line: 9, column: "hours_viewed", value: "many", reason: "not a decimal number" },
      { record: 9, line: 10, column: "units", value: "-x", reason: "not a whole number" },
    ]);
  });

  it("accepts a one-day period (start = end)", async () => {
    const entries = await usageFrom("title_id,medium,period_start,period_end,distributor_gross\nT1,rental,2009-01-01,2009-01-01,1\n");
    expect(entries.filter(isRejection)).toEqual([]);
  });

  it("reads a header with a BOM before a quoted first column name", async () => {
    const entries = await usageFrom('\uFEFF"title_id","medium","period_start","period_end","distributor_gross"\r\nT1,rental,2009-01-01,2009-01-01,1\r\n');
    expect(entries.filter(isRejection)).toEqual([]);
    expect(entries).toHaveLength(1);
  });

  it("rejects a row with a bad quote as that line alone, and one whose quote never closes as the rest of the file", async () => {
    const entries = await usageFrom(
      [
        "title_id,medium,period_start,period_end,distributor_gross,units",
        'T1,rental,2009-01-01,2009-01-31,"12"50,',
        "T1,rental,2009-02-01,2009-02-28,1,",
        'T1,rental,"2009-03-01,2009-03-31,1,',
        "T1,rental,2009-04-01,2009-04-30,1,",
        "",
      ].join("\n"),
    );
    expect(entries.map((entry) => (isRejection(entry) ? located(entry) : entry.row))).toEqual([
      { record: 1, line: 2, column: "", value: 'T1,rental,2009-01-01,2009-01-31,12"50,', reason: 'unparseable quoting: a quote inside a quoted field is not doubled (write "" for a quote inside quotes)' },
      2,
      // No record is made of the lines inside the quotes.
      { record: 3, line: 4, column: "", value: "T1,rental,2009-03-01,2009-03-31,1,\nT1,rental,2009-04-01,2009-04-30,1,\n", reason: `unparseable quoting: ${UNCLOSED}` },
    ]);
  });

  it("refuses a ledger without a required column, naming it", async () => {
    const failure = usageFrom("title_id,medium,period_start,distributor_gross\n");
    await expect(failure).rejects.toBeInstanceOf(InputFileError);
    await expect(failure).rejects.toThrow(/\/usage\.csv: missing required column period_end \(header has: title_id, medium, period_start, distributor_gross\)$/);
  });
});
