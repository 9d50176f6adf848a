import { describe, expect, it } from "vitest";
import { fieldsOf, queryFromValues, valuesFromQuery } from "../../web/src/query.js";

describe("the estimate page's address", () => {
  it("gives repeated period parameters to periods by position, and writes them back the same way", () => {
    const query = "contract=sag-2009&kind=tv&produced=2008-06-01&medium=rental&medium=electronic-sell-through&from=2009-01-01&from=2009-02-01&to=2009-01-31&to=2009-02-28&gross=&gross=300000";
    const values = valuesFromQuery(`?${query}`);
    expect(values.periods).toEqual([
      { medium: "rental", from: "2009-01-01", to: "2009-01-31", gross: "", units: "", "hours-viewed": "", "service-subscribers": "" },
      { medium: "electronic-sell-through", from: "2009-02-01", to: "2009-02-28", gross: "300000", units: "", "hours-viewed": "", "service-subscribers": "" },
    ]);
    expect(queryFromValues(values)).toBe(query);
    expect(fieldsOf(values).periods).toEqual([
      { medium: "rental", from: "2009-01-01", to: "2009-01-31" },
      { medium: "electronic-sell-through", from: "2009-02-01", to: "2009-02-28", gross: "300000" },
    ]);
  });

  it("an empty address is the SAG contract in force, a TV program and one streaming period", () => {
    const values = valuesFromQuery("");
    expect(fieldsOf(values)).toEqual({ guild: "sag", kind: "tv", "first-season": false, periods: [{ medium: "ad-supported-streaming" }] });
  });

  it("compare names a contract or a guild", () => {
    const values = valuesFromQuery("?contract=amptp-2008-sag-final-offer&compare=sag");
    expect(fieldsOf(values, "compare")).toMatchObject({ guild: "sag" });
    expect(fieldsOf(values, "compare").contract).toBeUndefined();
    expect(fieldsOf(valuesFromQuery("?compare=sag-2009"), "compare")).toMatchObject({ contract: "sag-2009" });
  });
});
