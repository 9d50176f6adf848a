import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BAD_QUOTE, chunking, readCsv, TOO_LONG, UNCLOSED, type CsvRecord } from "../../src/io/csv/records.js";
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
      [2, 3, 2, UNCLOSED],
    ]);
  });

  it("rejects the record with a stray quote mid-file as its own line, and reads on at the next line", async () => {
    const { records } = await read('a,b\n1,"x"y\n3,4\n5,6\n');
    expect(where(records)).toEqual([
      [1, 2, 2, BAD_QUOTE],
      [2, 3, 2, ""],
      [3, 4, 2, ""],
    ]);
    expect(records.map((r) => r.values)).toEqual([["1", 'x"y'], ["3", "4"], ["5", "6"]]);
  });

  it("never makes a record from inside a quoted field: lines in quotes are the field's", async () => {
    const { records } = await read('a,b\r\n1,"x\r\nT9,planted\r\n"\r\n7,8\r\n');
    expect(records.map((r) => [r.values, r.line, r.malformed])).toEqual([
      [["1", "x\r\nT9,planted\r\n"], 2, undefined],
      [["7", "8"], 5, undefined],
    ]);
  });

  it("rejects a record longer than 1 MiB as one record, and reads on after its quoted field closes", async () => {
    for (const bytes of [1 << 16, 1 << 17]) {
      chunking.bytes = bytes;
      const planted = "T9,planted\n".repeat(100_000); // 1.1 MB of lines inside quotes
      const { records } = await read(`a,b\n1,2\n3,"${planted}",x\n5,6\n`);
      expect(records.map((r) => [r.record, r.line, r.malformed])).toEqual([
        [1, 2, undefined],
        [2, 3, TOO_LONG],
        [3, 100_004, undefined],
      ]);
      expect(records[1]!.values[0]).toBe(`3,"${planted}`.slice(0, 256));
      expect(records[2]!.values).toEqual(["5", "6"]);
    }
    chunking.bytes = 1 << 17;
  });

  it("still reads quoted fields over several lines, across the pieces the file is read in", async () => {
    chunking.bytes = 1 << 16;
    const filler = "T1,0\n".repeat(13_106); // 65,530 characters: the quoted field starts just before 64 KiB
    const note = `long ${"x".repeat(300_000)}\nnote`;
    const { records } = await read(`a,b\n${filler}9,"one\ntwo"\n10,"${note}"\n11,"three\r\nfour"""\n12,13\n`);
    chunking.bytes = 1 << 17;
    expect(records).toHaveLength(13_110);
    expect(records.slice(-4).map((r) => [r.values[1], r.line, r.malformed])).toEqual([
      ["one\ntwo", 13_108, undefined],
      [note, 13_110, undefined],
      ['three\r\nfour"', 13_112, undefined],
      ["13", 13_114, undefined],
    ]);
  });

  it("takes a quote never closed to run to the end of the file: one record, cut if it is long", async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},${"y".repeat(30)}`);
    rows[10] = '10,"open';
    const { records } = await read(`a,b\n${rows.join("\n")}\n`);
    expect(records).toHaveLength(11);
    expect(records.filter((r) => r.malformed).map((r) => [r.record, r.line, r.malformed])).toEqual([[11, 12, TOO_LONG]]);
  });

  it("keeps each stray quote to the records it spans", async () => {
    // Each quote opened on an even row closes at the odd row's first quote, which is then bad.
    const rows = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? `${i},"open` : `${i},"x"y`));
    const { records } = await read(`a,b\n${rows.join("\n")}\n`);
    expect(records.map((r) => r.line)).toEqual(rows.flatMap((_, i) => (i % 2 === 0 ? [i + 2] : [])));
    expect(records.every((r) => r.malformed === BAD_QUOTE)).toBe(true);
  });

  it("gives a header with a stray quote whole, so that the reader sees it run over lines", async () => {
    const { header, records } = await read('a,"b\n1,2\n3,4\n');
    expect([header, records]).toEqual([["a", "b\n1,2\n3,4"], []]);
  });

  it("marks a quote inside a quoted field that is not doubled, and reads on after it", async () => {
    const { records } = await read('a,b\n1,"x"y"\n3,4\n');
    expect(where(records)).toEqual([
      [1, 2, 2, BAD_QUOTE],
      [2, 3, 2, ""],
    ]);
  });

  it("takes a quote in the middle of an unquoted field as text", async () => {
    const { records } = await read('a,b\n1,12"3\n');
    expect(records[0]!.values).toEqual(["1", '12"3']);
  });
});
