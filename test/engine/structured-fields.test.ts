import { describe, expect, it } from "vitest";
import { loadContractRef } from "../../src/contracts/bundled.js";
import { calculateLedger } from "../../src/engine/calculator.js";
import { parseDay } from "../../src/domain/days.js";
import type { CastList, Title, Usage } from "../../src/domain/inputs.js";
import type { Medium } from "../../src/domain/vocabulary.js";
import { parseScaled } from "../../src/money/scaled.js";

/** docs/calculation.md "Lines": incomplete lines name the missing input, excluded ones the rule, as fields. */
const terms = (id: string) => loadContractRef(id).contract;
const title = (fields: Partial<Title>): Title => ({ id: "T", kind: "tv", producedOn: parseDay("2000-01-01")!, firstSeason: false, ...fields });
const row = (medium: Medium, units?: number): Usage => ({
  row: 1,
  titleId: "T",
  medium,
  start: parseDay("2009-08-01")!,
  end: parseDay("2009-08-31")!,
  gross: parseScaled("1000")!,
  ...(units === undefined ? {} : { units }),
});
const fields = (id: string, t: Title, usage: Usage, cast?: CastList) =>
  calculateLedger(terms(id), new Map([[t.id, t]]), [usage], cast).map((line) => [line.status, line.missing ?? line.exclusion ?? ""]);

describe("structured fields of lines", () => {
  it("an incomplete line names the input it needs", () => {
    expect(fields("sag-2009", title({}), row("ad-supported-streaming"))).toEqual([["incomplete", "first_aired_on"]]);
    expect(fields("sag-2009", title({}), row("electronic-sell-through"))).toEqual([["incomplete", "units"]]);
    expect(fields("sag-2009", title({ kind: "new-media" }), row("rental"))).toEqual([["incomplete", "budget"]]);
    expect(fields("dga-2008", title({ firstAiredOn: parseDay("2009-07-01")! }), row("ad-supported-streaming"))).toEqual([["incomplete", "residual_base"]]);
    const cast: CastList = new Map([["T", [{ titleId: "T", performerId: "P" }]]]);
    expect(fields("sag-2009", title({ firstAiredOn: parseDay("2009-07-01")! }), row("ad-supported-streaming"), cast)).toEqual([["incomplete", "tam"]]);
  });

  it("an excluded zero line says how, and the engine's other zero lines say nothing of the kind", () => {
    expect(fields("amptp-2008-sag-final-offer", title({ producedOn: parseDay("1970-01-01")! }), row("ad-supported-streaming"))).toEqual([["zero", "cutoff"]]);
    expect(fields("sag-2005", title({}), row("ad-supported-streaming"))).toEqual([["zero", "no residual"]]);
    // Aired after the row: all of it counts as window days.
    expect(fields("sag-2009", title({ firstAiredOn: parseDay("2009-09-01")! }), row("ad-supported-streaming"))).toEqual([["zero", ""]]);
  });
});
