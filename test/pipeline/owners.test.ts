import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordDealer, UNDECIDED } from "../../src/pipeline/parallel/shard.js";
import { recordValues } from "../../src/io/csv/records.js";

describe("a record's owner from its bytes", () => {
  const characters = fc.constantFrom("T", "7", "a", ",", " ", "\t", "\r", "\u000b", "é", "\u00a0", "\ufeff", "-", '"');
  const headers = fc.constantFrom(
    ["title_id", "medium", "period_start"],
    ["medium", "title_id", "period_start", "period_end"],
    ["medium", "period_start", "title_id"],
    ["medium", "period_start"],
  );

  it("is the owner the text gives, or undecided", () => {
    fc.assert(
      fc.property(headers, fc.array(characters, { maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 5 }), (header, chars, record, shards) => {
        const line = chars.join("");
        const dealer = new RecordDealer(header, shards);
        const bytes = Buffer.from(line, "utf8");
        const owner = dealer.ownerOfBytes(bytes, 0, bytes.length, record);
        const { values, malformed } = recordValues(bytes, 0, bytes.length);
        if (owner !== UNDECIDED && malformed === undefined) expect(owner).toBe(dealer.ownerOf(values, record, undefined));
      }),
      { numRuns: 2000 },
    );
  });

  it("is found for plain ASCII ids, padded or not, and left undecided for others", () => {
    const dealer = new RecordDealer(["medium", "title_id", "units"], 2);
    const of = (line: string) => {
      const bytes = Buffer.from(line, "utf8");
      return dealer.ownerOfBytes(bytes, 0, bytes.length, 7);
    };
    expect(of("rental,T000123,5")).toBe(dealer.ownerOf(["rental", "T000123", "5"], 7, undefined));
    expect(of("rental, T000123\t,5")).toBe(dealer.ownerOf(["rental", "T000123", "5"], 7, undefined));
    // A field missing: still the title's owner (the worker rejects the record); no title cell: by number.
    expect(of("rental,T000123")).toBe(dealer.ownerOf(["rental", "T000123"], 7, undefined));
    expect(of("rental,T000123")).toBe(of("rental,T000123,5,6"));
    expect([of("rental"), dealer.ownerOf(["rental"], 7, undefined)]).toEqual([7 % 2, 7 % 2]);
    expect(of("rental,Émile,5")).toBe(UNDECIDED);
    // Quoted: inside its quotes; with a doubled quote, the text decides.
    expect(of('rental,"T000123",5')).toBe(of("rental,T000123,5"));
    expect(of('"rent,al","T000123",5')).toBe(of("rental,T000123,5"));
    expect(of('rental,"T0""1",5')).toBe(UNDECIDED);
  });
});
