import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv, UNCLOSED_ON_ITS_LINE, type CsvRecord } from "../../src/io/csv/records.js";
import { tempFiles } from "../fixtures/temp-files.js";

/** The header and the records of a CSV text, as the readers see them. */
async function read(text: string | Uint8Array): Promise<{ header: string[]; records: CsvRecord[] }> {
  const file = join(tempFiles({ "in.csv": text }), "in.csv");
  let header: string[] = [];
  const records: CsvRecord[] = [];
  await readCsv(file, (h) => (header = h), (batch) => void records.push(...batch));
  return { header, records };
}

const where = (records: readonly CsvRecord[]) => records.map((r) => [r.record, r.line, r.values.length, r.malformed ?? ""]);

describe("CSV records and their physical lines", () => {
  it("strips a BOM and reads CRLF line ends", async () => {
    const { header, records } = await read("\uFEFFa,b\r\n1,2\r\n3,4\r\n");
    expect(header).toEqual(["a", "b"]);
    expect(records.map((r) => r.values)).toEqual([["1", "2"], ["3", "4"]]);
  });

  it("strips a BOM before parsing, so a quoted first header name is unquoted", async () => {
    expect((await read('\uFEFF"title_id","b"\r\n1,2\r\n')).header).toEqual(["title_id", "b"]);
    expect((await read('\uFEFF"a,x",b\n1,2\n')).header).toEqual(["a,x", "b"]);
  });

  it("skips blank lines and splits at every line end when a file mixes LF and CRLF", async () => {
    for (const text of ["a,b\n1,2\r\n\r\n3,4\r\n", "a,b\r\n1,2\n\n3,4\r\n", 'a,b\n1,"2"\r\n\r\n3,4\r\n']) {
      const { header, records } = await read(text);
      expect(header).toEqual(["a", "b"]);
      expect(records.map((r) => [r.values, r.line])).toEqual([
        [["1", "2"], 2],
        [["3", "4"], 4],
      ]);
    }
  });

  it("counts a CR inside a quoted value as a line in a file with CR line ends", async () => {
    const { records } = await read('a,b\r1,"x\ry"\r\r3,4\r');
    expect(records.map((r) => [r.values, r.line])).toEqual([
      [["1", "x\ry"], 2],
      [["3", "4"], 5],
    ]);
  });

  it("skips blank lines, counting them, so line numbers stay physical", async () => {
    const { records } = await read("\r\n\r\na,b\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n");
    expect(where(records)).toEqual([
      [1, 4, 2, ""],
      [2, 7, 2, ""],
    ]);
  });

  it("gives a record with quoted newlines the line it starts on, and counts them for the next", async () => {
    const { records } = await read('a,b\r\n1,"two\r\nlines"\r\n3,"x\ny\nz"\r\n5,6\r\n');
    expect(records.map((r) => r.values[1])).toEqual(["two\r\nlines", "x\ny\nz", "6"]);
    expect(where(records)).toEqual([
      [1, 2, 2, ""],
      [2, 4, 2, ""],
      [3, 7, 2, ""],
    ]);
  });

  it("keeps quoted commas and doubled quotes inside a field", async () => {
    const { records } = await read('a,b\n"$1,234.56","say ""hi"""\n');
    expect(records[0]!.values).toEqual(["$1,234.56", 'say "hi"']);
  });

  it("reads a last line without a line end", async () => {
    const { records } = await read("a,b\n1,2\n3,4");
    expect(where(records)).toEqual([
      [1, 2, 2, ""],
      [2, 3, 2, ""],
    ]);
  });

  it("marks a record whose quote is never closed as malformed, at the line it starts on", async () => {
    const { records } = await read('a,b\n1,2\n3,"4\n');
    expect(where(records)).toEqual([
      [1, 2, 2, ""],
      [2, 3, 2, "Quoted field unterminated"],
    ]);
  });

  it("rejects the record with a stray quote mid-file as its own line, and reads on at the next line", async () => {
    const { records } = await read('a,b\n1,"x"y\n3,4\n5,6\n');
    expect(where(records)).toEqual([
      [1, 2, 2, "Trailing quote on quoted field is malformed"],
      [2, 3, 2, ""],
      [3, 4, 2, ""],
    ]);
    expect(records.map((r) => r.values)).toEqual([["1", 'x"y'], ["3", "4"], ["5", "6"]]);
  });

  it("cuts a record whose opening quote is never closed at the end of its line, whatever comes after", async () => {
    // No quote after it, a bad quote later on, a quoted field over two lines later on.
    for (const rest of ["3,4\n5,6\n", '3,4\n5,"6"x\n', '3,4\n5,"six\nsix"\n']) {
      const { records } = await read(`a,b\r\n1,"x\r\n${rest.replaceAll("\n", "\r\n")}7,8\r\n`);
      expect(records[0]).toEqual({ values: ["1", "x"], record: 1, line: 2, malformed: UNCLOSED_ON_ITS_LINE });
      const sixOnTwoLines = rest.includes("six") ? 1 : 0;
      expect(where(records.slice(1))).toEqual([
        [2, 3, 2, ""],
        [3, 4, 2, rest.includes('"x') ? "Trailing quote on quoted field is malformed" : ""],
        [4, 5 + sixOnTwoLines, 2, ""],
      ]);
    }
  });

  it("still reads quoted fields over several lines, across the pieces the file is read in", async () => {
    const filler = "T1,0\n".repeat(13_106); // 65,530 characters: the quoted field starts just before 64 KiB
    const note = `long ${"x".repeat(300_000)}\nnote`;
    const { records } = await read(`a,b\n${filler}9,"one\ntwo"\n10,"${note}"\n11,"three\r\nfour"""\n12,13\n`);
    expect(records).toHaveLength(13_110);
    expect(records.slice(-4).map((r) => [r.values[1], r.line, r.malformed])).toEqual([
      ["one\ntwo", 13_108, undefined],
      [note, 13_110, undefined],
      ['three\r\nfour"', 13_112, undefined],
      ["13", 13_114, undefined],
    ]);
  });

  it("takes a quote still open after a megabyte for a stray one, and reads on after its line", async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},${"y".repeat(30)}`);
    rows[10] = '10,"open';
    const { records } = await read(`a,b\n${rows.join("\n")}\n`);
    expect(records).toHaveLength(40_000);
    expect(records.filter((r) => r.malformed).map((r) => [r.record, r.line, r.values])).toEqual([[11, 12, ["10", "open"]]]);
    expect(records.at(-1)).toEqual({ values: ["39999", "y".repeat(30)], record: 40_000, line: 40_001 });
  });

  it("keeps a stray quote to one record however many there are", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? `${i},"open` : `${i},"x"y`));
    const { records } = await read(`a,b\n${rows.join("\n")}\n`);
    expect(records.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
    expect(records.every((r) => r.malformed)).toBe(true);
  });

  it("gives a header with a stray quote whole, so that the reader sees it run over lines", async () => {
    const { header, records } = await read('a,"b\n1,2\n3,4\n');
    expect([header, records]).toEqual([["a", "b\n1,2\n3,4"], []]);
  });

  it("marks a quote inside a quoted field that is not doubled, and reads on after it", async () => {
    const { records } = await read('a,b\n1,"x"y"\n3,4\n');
    expect(where(records)).toEqual([
      [1, 2, 2, "Trailing quote on quoted field is malformed"],
      [2, 3, 2, ""],
    ]);
  });

  it("takes a quote in the middle of an unquoted field as text", async () => {
    const { records } = await read('a,b\n1,12"3\n');
    expect(records[0]!.values).toEqual(["1", '12"3']);
  });
});
