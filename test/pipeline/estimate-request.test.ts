import { describe, expect, it } from "vitest";
import { estimateFromFields, fieldReason, type EstimateFields } from "../../src/pipeline/estimate-request.js";
import { bundledLibrary as library } from "../../src/contracts/bundled.js";

const GUEST_STAR: EstimateFields = {
  contract: "amptp-2008-sag-final-offer",
  kind: "tv",
  produced: "2008-06-01",
  "first-aired": "2009-01-01",
  tam: "2833.33",
  periods: [{ medium: "ad-supported-streaming", from: "2009-01-20", to: "2009-01-20" }],
};

describe("the estimate use case (shared by the command line and the page)", () => {
  it("runs fields through the engine: worked example 1, 3% × TAM 2,833.33 = 85.00", () => {
    const result = estimateFromFields(GUEST_STAR, library);
    if (Array.isArray(result)) throw new Error(JSON.stringify(result));
    expect(result.estimate.total).toBe(8500n);
    expect(result.choice.by).toBe("name");
  });

  it("reports every unusable field at once, each with its period, and computes nothing", () => {
    const problems = estimateFromFields(
      {
        ...GUEST_STAR,
        tam: "12,34",
        "first-aired": "2009-02-30",
        periods: [
          { medium: "rental", from: "2009-01-20", to: "2009-01-20", gross: "ten" },
          { medium: "rental", from: "2009-03-01", to: "2009-02-01" },
          { medium: "rental", to: "2009-02-01" },
        ],
      },
      library,
    );
    expect(problems).toEqual([
      { field: "tam", reason: "not an amount (expected 1234.56 or $1,234.56)", value: "12,34" },
      { field: "first-aired", reason: "not a calendar date", value: "2009-02-30" },
      { field: "gross", period: 1, reason: "not an amount (expected 1234.56 or $1,234.56)", value: "ten" },
      { field: "to", period: 2, reason: "period 2 ends 2009-02-01, before it starts 2009-03-01" },
      { field: "from", period: 3, reason: "is required (the first day of the period)" },
    ]);
  });

  it("names other fields in a reason the front end's way", () => {
    const problems = estimateFromFields({ ...GUEST_STAR, share: "0.5", "my-units": "1" }, library);
    expect(Array.isArray(problems) && problems.map((problem) => fieldReason(problem, (field) => `“${field}”`))).toEqual([
      "give “share” or “my-units” with “total-units”, not both",
    ]);
  });

  it("chooses the guild's contract in force on each period's first day", () => {
    const result = estimateFromFields({ ...GUEST_STAR, contract: undefined, guild: "sag", periods: [{ medium: "rental", from: "2009-07-01", to: "2009-07-31", gross: "100" }] }, library);
    if (Array.isArray(result)) throw new Error(JSON.stringify(result));
    expect(result.choice.by === "date" && [...result.choice.inForce.values()].map((found) => found.contract.id)).toEqual(["sag-2009"]);
  });
});
