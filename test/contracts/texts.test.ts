import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledContractIds, bundledRulesDir, loadContractRef } from "../../src/contracts/bundled.js";
import { ContractError } from "../../src/contracts/problems.js";
import { TextLibrary } from "../../src/contracts/texts.js";

const texts = new Map(
  readdirSync(bundledRulesDir())
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => [name.replace(/\.yaml$/, ""), readFileSync(`${bundledRulesDir()}/${name}`, "utf8")]),
);

describe("contracts from texts (the page's library, no file system)", () => {
  it("compiles every bundled contract exactly as the files do, extends included", () => {
    const library = new TextLibrary(texts);
    expect(library.ids()).toEqual(bundledContractIds());
    for (const id of library.ids()) expect(library.load(id).file).toEqual(loadContractRef(id).file);
  });

  it("places a problem in the text of the chain that has it", () => {
    const broken = new Map(texts);
    broken.set("mine", "extends: sag-2009\nid: mine\ntitle: x\nstatus: scenario\nbogus: 1\n");
    expect(() => new TextLibrary(broken).contract("mine")).toThrow(ContractError);
    try {
      new TextLibrary(broken).contract("mine");
    } catch (error) {
      expect((error as ContractError).problems).toEqual([{ file: "mine.yaml", line: 5, column: 1, path: "bogus", message: 'unknown key "bogus"' }]);
    }
    expect(() => new TextLibrary(texts).contract("nope")).toThrow('no bundled contract with id "nope"');
  });
});
