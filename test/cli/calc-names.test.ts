import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { FORMULA_TEXTS } from "../fixtures/injection.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "./run-cli.js";

/**
 * calc with names: `--names` adds the title's name after title_id and the performer's after
 * performer_id to CSV and JSON (nothing else changes, and without the flag not a byte); the
 * table shows them beside the ids without asking. Names are input text: neutralized in CSV,
 * escaped in the table.
 */
const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const dir = tempFiles({
  // A name with a comma, none, one with a terminal's control sequence, one a spreadsheet would run.
  "titles.csv": [
    "title_id,title,kind,produced_on",
    `NL-1,"Night Lights, Part 1",feature,2008-06-01`,
    "UN-2,,feature,2008-06-01",
    `CT-3,"\u001b]0;owned\u0007Night",feature,2008-06-01`,
    `FX-4,${quote('=HYPERLINK("http://x")')},feature,2008-06-01`,
    ...FORMULA_TEXTS.map(([text], index) => `IN-${index},${quote(text)},feature,2008-06-01`),
    "",
  ].join("\n"),
  // A title's pool shared by units; one performer without a name.
  "cast.csv": [
    "title_id,performer_id,name,tam,units",
    "NL-1,P-1,Ann Lee,,2",
    "NL-1,P-2,,,1",
    "NL-1,P-3,+1+1,,1",
    `FX-4,P-1,${quote('Zoë "Z" Ward')},,1`,
    ...FORMULA_TEXTS.map(([text], index) => `IN-${index},Q-${index},${quote(text)},,1`),
    "",
  ].join("\n"),
  "usage.csv": [
    "title_id,medium,period_start,period_end,distributor_gross",
    "NL-1,rental,2009-01-01,2009-01-31,1000",
    "UN-2,rental,2009-01-01,2009-01-31,500",
    "CT-3,rental,2009-01-01,2009-01-31,100",
    "FX-4,rental,2009-02-01,2009-02-28,200",
    "",
  ].join("\n"),
  "hostile-usage.csv": ["title_id,medium,period_start,period_end,distributor_gross", ...FORMULA_TEXTS.map((_, index) => `IN-${index},rental,2009-01-01,2009-01-31,100`), ""].join("\n"),
});
const files = (usage = "usage.csv") => ["--titles", join(dir, "titles.csv"), "--usage", join(dir, usage), "--cast", join(dir, "cast.csv"), "--quiet"];
const calc = (...args: string[]) => run(["calc", "--contract", "sag-2009", ...files(), ...args]);

const RULE = "sag-2009,rental-and-subscription-streaming,payable,distributor_gross";
const NOTE = "3.6% of distributor's gross";

describe("calc --names", () => {
  it("adds title after title_id and name after performer_id to the CSV, neutralized and quoted as other text", async () => {
    expect(await calc("--format", "csv", "--names")).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "line,usage_row,title_id,title,medium,period_start,period_end,contract,rule,status,basis,base,rate,amount,performer_id,name,note",
        `1,1,NL-1,"Night Lights, Part 1",rental,2009-01-01,2009-01-31,${RULE},1000,0.036,18.00,P-1,Ann Lee,${NOTE}`,
        `2,1,NL-1,"Night Lights, Part 1",rental,2009-01-01,2009-01-31,${RULE},1000,0.036,9.00,P-2,,${NOTE}`,
        `3,1,NL-1,"Night Lights, Part 1",rental,2009-01-01,2009-01-31,${RULE},1000,0.036,9.00,P-3,'+1+1,${NOTE}`,
        `4,2,UN-2,,rental,2009-01-01,2009-01-31,${RULE},500,0.036,18.00,,,${NOTE}`,
        `5,3,CT-3,\u001b]0;owned\u0007Night,rental,2009-01-01,2009-01-31,${RULE},100,0.036,3.60,,,${NOTE}`,
        `6,4,FX-4,"'=HYPERLINK(""http://x"")",rental,2009-02-01,2009-02-28,${RULE},200,0.036,7.20,P-1,"Zoë ""Z"" Ward",${NOTE}`,
        "",
      ].join("\n"),
    });
  });

  it("leaves the CSV without the flag as it was, byte for byte: the named CSV less its two name columns", async () => {
    const plain = await calc("--format", "csv");
    const named = Papa.parse<string[]>((await calc("--format", "csv", "--names")).stdout, { skipEmptyLines: true }).data;
    expect(plain.stdout.split("\n")[0]).toBe("line,usage_row,title_id,medium,period_start,period_end,contract,rule,status,basis,base,rate,amount,performer_id,note");
    const unnamed = named.map((cells) => cells.filter((_, index) => index !== 3 && index !== 15));
    expect(unnamed).toEqual(Papa.parse<string[]>(plain.stdout, { skipEmptyLines: true }).data);
    expect(plain.stdout).toBe(
      [
        "line,usage_row,title_id,medium,period_start,period_end,contract,rule,status,basis,base,rate,amount,performer_id,note",
        `1,1,NL-1,rental,2009-01-01,2009-01-31,${RULE},1000,0.036,18.00,P-1,${NOTE}`,
        `2,1,NL-1,rental,2009-01-01,2009-01-31,${RULE},1000,0.036,9.00,P-2,${NOTE}`,
        `3,1,NL-1,rental,2009-01-01,2009-01-31,${RULE},1000,0.036,9.00,P-3,${NOTE}`,
        `4,2,UN-2,rental,2009-01-01,2009-01-31,${RULE},500,0.036,18.00,,${NOTE}`,
        `5,3,CT-3,rental,2009-01-01,2009-01-31,${RULE},100,0.036,3.60,,${NOTE}`,
        `6,4,FX-4,rental,2009-02-01,2009-02-28,${RULE},200,0.036,7.20,P-1,${NOTE}`,
        "",
      ].join("\n"),
    );
  });

  it("adds title and name to the JSON objects, after their ids, null where the input has none", async () => {
    const { code, stdout } = await calc("--format", "json", "--names");
    expect(code).toBe(0);
    const lines = JSON.parse(stdout) as Record<string, unknown>[];
    expect(Object.keys(lines[0]!)).toEqual(["line", "usage_row", "title_id", "title", "medium", "period_start", "period_end", "contract", "rule", "status", "basis", "base", "rate", "amount", "performer_id", "name", "note"]);
    expect(lines.map((line) => [line.title_id, line.title, line.performer_id, line.name])).toEqual([
      ["NL-1", "Night Lights, Part 1", "P-1", "Ann Lee"],
      ["NL-1", "Night Lights, Part 1", "P-2", null],
      ["NL-1", "Night Lights, Part 1", "P-3", "+1+1"],
      ["UN-2", null, null, null],
      ["CT-3", "\u001b]0;owned\u0007Night", null, null],
      ["FX-4", '=HYPERLINK("http://x")', "P-1", 'Zoë "Z" Ward'],
    ]);
    // Without the flag, the objects as they were.
    const plain = JSON.parse((await calc("--format", "json")).stdout) as Record<string, unknown>[];
    expect(plain).toEqual(lines.map(({ title: _title, name: _name, ...rest }) => rest));
  });

  it("neutralizes every formula text in the CSV, as title and as performer name", async () => {
    const { code, stdout } = await run(["calc", "--contract", "sag-2009", ...files("hostile-usage.csv"), "--format", "csv", "--names"]);
    expect(code).toBe(0);
    const records = Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true }).data;
    FORMULA_TEXTS.forEach(([text, neutralized], index) => {
      const record = records.find((one) => one.title_id === `IN-${index}`)!;
      // As the readers give them (spaces around a cell dropped), then neutralized.
      const expected = text.trim() === text ? neutralized : text.trim();
      expect([record.title, record.name]).toEqual([expected, expected]);
    });
  });
});

describe("calc's table: names beside ids", () => {
  it("shows the titles' and performers' names where the input has them, control characters escaped", async () => {
    expect(await calc("--format", "table")).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "line  row  title  title name                 medium  from        to          status   amount  performer  performer name  note",
        "----  ---  -----  -------------------------  ------  ----------  ----------  -------  ------  ---------  --------------  ---------------------------",
        `   1    1  NL-1   Night Lights, Part 1       rental  2009-01-01  2009-01-31  payable   18.00  P-1        Ann Lee         ${NOTE}`,
        `   2    1  NL-1   Night Lights, Part 1       rental  2009-01-01  2009-01-31  payable    9.00  P-2                        ${NOTE}`,
        `   3    1  NL-1   Night Lights, Part 1       rental  2009-01-01  2009-01-31  payable    9.00  P-3        +1+1            ${NOTE}`,
        `   4    2  UN-2                              rental  2009-01-01  2009-01-31  payable   18.00                             ${NOTE}`,
        `   5    3  CT-3   \\u001b]0;owned\\u0007Night  rental  2009-01-01  2009-01-31  payable    3.60                             ${NOTE}`,
        `   6    4  FX-4   =HYPERLINK("http://x")     rental  2009-02-01  2009-02-28  payable    7.20  P-1        Zoë "Z" Ward    ${NOTE}`,
        "----  ---  -----  -------------------------  ------  ----------  ----------  -------  ------  ---------  --------------  ---------------------------",
        "Total payable: 64.80  (6 lines: 6 payable, 0 zero, 0 incomplete, 0 not modelled)",
        "",
      ].join("\n"),
    });
  });

  it("has no name columns where the input has no names", async () => {
    const result = await run(["calc", "--contract", "sag-2009", "--titles", join(dir, "titles.csv"), "--usage", join(dir, "usage.csv"), "--format", "table", "--quiet"]);
    // Without the cast, no performer; the titles still have their names.
    expect(result.stdout.split("\n")[0]).toBe("line  row  title  title name                 medium  from        to          status   amount  performer  note");
    const unnamed = tempFiles({ "titles.csv": "title_id,kind,produced_on\nNL-1,feature,2008-06-01\n" });
    const bare = await run(["calc", "--contract", "sag-2009", "--titles", join(unnamed, "titles.csv"), "--usage", join(dir, "usage.csv"), "--format", "table", "--quiet"]);
    expect(bare.stdout.split("\n")[0]).toBe("line  row  title  medium  from        to          status   amount  performer  note");
  });

  it("fits the names to a terminal: wrapped, then left out, the performer's first, before the medium", async () => {
    const at = async (columns: number) => (await run(["calc", "--contract", "sag-2009", ...files()], columns)).stdout.split("\n");
    const wide = await at(100);
    expect(wide.filter((row) => row.length > 100)).toEqual([]);
    expect(wide.slice(0, 4)).toEqual([
      "title  title name           medium  status   amount  performer  performer name  note",
      "-----  -------------------  ------  -------  ------  ---------  --------------  --------------------",
      "NL-1   Night Lights, Part   rental  payable   18.00  P-1        Ann Lee         3.6% of",
      "       1                                                                        distributor's gross",
    ]);
    expect(wide.slice(-3, -1)).toEqual([
      "(fitted to the terminal's 100 columns: left out line, row, from, to; wrapped title name, note;",
      "--format csv has every column whole)",
    ]);
    const middling = await at(80);
    expect(middling[0]).toBe("title  title name              medium  amount  performer  note");
    expect(middling.slice(-3, -1)).toEqual([
      "(fitted to the terminal's 80 columns: left out line, row, from, to, status,",
      "performer name; wrapped title name, note; --format csv has every column whole)",
    ]);
    const narrow = await at(60);
    expect(narrow.filter((row) => row.length > 60)).toEqual([]);
    expect(narrow[0]).toBe("title  medium  amount  performer  note");
    expect(narrow.slice(-4, -1)).toEqual([
      "(fitted to the terminal's 60 columns: left out line, row,",
      "title name, from, to, status, performer name; wrapped note;",
      "--format csv has every column whole)",
    ]);
  });
});
