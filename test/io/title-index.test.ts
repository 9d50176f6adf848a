import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TitleIndex } from "../../src/io/csv/title-index.js";

describe("TitleIndex", () => {
  it("finds each id's ordinal, and -1 for an id it does not hold", () => {
    const long = "A-title-id-much-longer-than-twenty-eight-characters";
    const index = new TitleIndex(["T1", "T2", undefined, "Émile", "T10", "", long, `${long}!`]);
    expect(index.ordinalOf("T1")).toBe(0);
    expect(index.ordinalOf("T2")).toBe(1);
    expect(index.ordinalOf("Émile")).toBe(3);
    expect(index.ordinalOf("T10")).toBe(4);
    expect(index.ordinalOf("")).toBe(5);
    expect(index.ordinalOf(long)).toBe(6);
    expect(index.ordinalOf(`${long}!`)).toBe(7);
    expect(index.ordinalOf(`${long}?`)).toBe(-1);
    expect(index.ordinalOf("T3")).toBe(-1);
    expect(index.ordinalOf("T1 ")).toBe(-1);
    expect(index.ordinalOf("t1")).toBe(-1);
  });

  it("agrees with a Map on any ids, colliding slots included", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 31, unit: "binary" }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 31, unit: "binary" }), { maxLength: 50 }), (ids, others) => {
        const index = new TitleIndex(ids);
        const map = new Map(ids.map((id, ordinal) => [id, ordinal]));
        for (const id of [...ids, ...others]) expect(index.ordinalOf(id)).toBe(map.get(id) ?? -1);
      }),
    );
  });

  it("finds an id by its UTF-8 bytes where they are ASCII, as by its text", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 31 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 31, unit: "binary" }), { maxLength: 50 }), (ids, others) => {
        const index = new TitleIndex(ids);
        for (const id of [...ids, ...others]) {
          const bytes = Buffer.from(`,${id},`, "utf8");
          const ascii = /^[\x00-\x7f]*$/.test(id);
          expect(index.ordinalOfBytes(bytes, 1, bytes.length - 1)).toBe(ascii ? index.ordinalOf(id) : undefined);
        }
      }),
    );
  });

  it("tells an id from its prefixes and extensions, NULs and slot edges included", () => {
    const ids = ["AB", "AB\u0000", "ABCD", "ABCDE", "ABCDEFGH", "ABCDEFGHIJKL", "ABCDEFGHIJKLM", "\u0000"];
    const index = new TitleIndex(ids);
    ids.forEach((id, ordinal) => {
      expect(index.ordinalOf(id)).toBe(ordinal);
      const bytes = Buffer.from(`,${id},`, "latin1");
      expect(index.ordinalOfBytes(bytes, 1, bytes.length - 1)).toBe(ordinal);
    });
    for (const other of ["A", "ABC", "ABCDEF", "ABCDEFG", "ABCDEFGHI", "ABCDEFGHIJK", "ABCD\u0000", "AB\u0000\u0000", "", "\u0000\u0000"]) {
      expect(index.ordinalOf(other)).toBe(-1);
      const bytes = Buffer.from(`,${other},`, "latin1");
      expect(index.ordinalOfBytes(bytes, 1, bytes.length - 1)).toBe(-1);
    }
  });

  it("agrees with a Map on ids of few characters, which share prefixes", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "\u0000", "é"), maxLength: 14 });
    fc.assert(
      fc.property(fc.uniqueArray(text, { maxLength: 200 }), fc.array(text, { maxLength: 50 }), (ids, others) => {
        const index = new TitleIndex(ids);
        const map = new Map(ids.map((id, ordinal) => [id, ordinal]));
        for (const id of [...ids, ...others]) {
          expect(index.ordinalOf(id)).toBe(map.get(id) ?? -1);
          const bytes = Buffer.from(`,${id},`, "utf8");
          expect(index.ordinalOfBytes(bytes, 1, bytes.length - 1)).toBe(/^[\x00-\x7f]*$/.test(id) ? (map.get(id) ?? -1) : undefined);
        }
      }),
    );
  });

  it("agrees with a Map when the ids are short, in the smaller slots", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 7 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 9 }), { maxLength: 50 }), (ids, others) => {
        const index = new TitleIndex([undefined, ...ids]);
        const map = new Map(ids.map((id, ordinal) => [id, ordinal + 1]));
        for (const id of [...ids, ...others]) expect(index.ordinalOf(id)).toBe(map.get(id) ?? -1);
      }),
    );
  });
});
