import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledContractIds, bundledRulesDir } from "../../src/contracts/bundled.js";
import { loadContract } from "../../src/contracts/load.js";
import { ContractError } from "../../src/contracts/problems.js";
import { tempFiles } from "../fixtures/temp-files.js";

/** A small valid contract; each test breaks one thing in it. */
const VALID = `id: test-contract
title: Test contract
guild: sag
status: scenario
term: { from: 2009-01-01, to: 2011-06-30 }
fixed_basis: tam
rules:
  rental:
    type: revenue
    applies_to: { kinds: [tv, feature], media: [rental] }
    rate: { value: 0.036, source: test, confidence: verified }
  est:
    type: revenue
    applies_to: { kinds: [tv], media: [electronic-sell-through] }
    rate:
      value: 0.01
      source: test
      confidence: verified
      changes:
        - { from: 2010-01-01, value: 0.02, source: test, confidence: verified }
`;

const load = (path: string) => loadContract(path, { bundledDir: bundledRulesDir() });

/** Loads `contract.yaml` (plus any other files given) and returns the error message, with the folder shown as <dir>. */
function problems(text: string | Uint8Array, others: Record<string, string> = {}): string {
  const dir = tempFiles({ "contract.yaml": text, ...others });
  try {
    load(join(dir, "contract.yaml"));
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as Error).message.replaceAll(dir, "<dir>");
  }
  return "loaded";
}

const replace = (from: string, to: string) => {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
};

describe("contract files: what is accepted", () => {
  it("loads the test contract and every bundled contract", () => {
    expect(problems(VALID)).toBe("loaded");
    for (const id of bundledContractIds()) expect(load(join(bundledRulesDir(), `${id}.yaml`)).contract.id).toBe(id);
  });

  it("accepts rates of exactly 0 and 1, a BOM, CRLF line ends and a few aliases", () => {
    expect(problems(replace("value: 0.036", "value: 0"))).toBe("loaded");
    expect(problems(replace("value: 0.036", "value: 1"))).toBe("loaded");
    expect(problems(`\uFEFF${VALID.replaceAll("\n", "\r\n")}`)).toBe("loaded");
    expect(problems(replace("source: test, confidence: verified }\n  est", "source: &src test, confidence: verified }\n  est").replace("      source: test\n", "      source: *src\n"))).toBe("loaded");
  });

  it("keeps text that looks like code as text: nothing in a contract file is ever run", () => {
    const dir = tempFiles({ "contract.yaml": replace("title: Test contract", 'title: "function () { globalThis.ran = true }"') });
    expect(load(join(dir, "contract.yaml")).file.title).toBe("function () { globalThis.ran = true }");
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
  });
});

describe("contract files: each error names the file, line and path", () => {
  it("unknown keys, top-level and misspelt inside a rule", () => {
    expect(problems(replace("guild: sag\n", "guild: sag\ncolour: blue\n"))).toBe('<dir>/contract.yaml:4:1: colour: unknown key "colour"');
    expect(problems(replace("    rate: { value: 0.036,", "    rte: { value: 0.036,"))).toBe(
      [
        '<dir>/contract.yaml:8:3: rules.rental: a revenue rule needs exactly one of rate or tiers',
        '<dir>/contract.yaml:11:5: rules.rental.rte: unknown key "rte"',
      ].join("\n"),
    );
  });

  it("wrong types", () => {
    expect(problems(replace("value: 0.036", "value: 3.6%"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: must be a plain decimal number");
    expect(problems(replace("value: 0.036", "value: abc"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: must be a plain decimal number");
    expect(problems(replace("value: 0.036", "value: 1e-2"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: must be a plain decimal number");
    expect(problems(replace("value: 0.036", "value: true"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: must be a number");
    expect(problems(replace("media: [rental]", "media: rental"))).toBe("<dir>/contract.yaml:10:41: rules.rental.applies_to.media: must be a list");
    expect(problems(replace("media: [rental]", "media: []"))).toBe("<dir>/contract.yaml:10:41: rules.rental.applies_to.media: must list at least one medium");
    expect(problems(replace("media: [rental]", "media: [dvd]"))).toBe(
      "<dir>/contract.yaml:10:49: rules.rental.applies_to.media.0: medium must be one of ad-supported-streaming, subscription-streaming, rental, electronic-sell-through",
    );
    expect(problems(replace("term: { from: 2009-01-01, to: 2011-06-30 }", "term: 2009"))).toBe("<dir>/contract.yaml:5:1: term: must be a mapping (key: value lines)");
    expect(problems(replace("title: Test contract", "title:"))).toBe("<dir>/contract.yaml:2:1: title: is empty (a value is required)");
    expect(problems(replace("guild: sag\n", ""))).toBe("<dir>/contract.yaml:1:1: guild: is required (one of sag, aftra, sag-aftra, wga, dga)");
    expect(problems(replace("    type: revenue\n    applies_to: { kinds: [tv, feature]", "    applies_to: { kinds: [tv, feature]"))).toBe(
      "<dir>/contract.yaml:8:3: rules.rental.type: is required (one of cutoff, no-residual, not-modelled, revenue, zoned-streaming, success-bonus)",
    );
    expect(problems(replace("  rental:\n", "  Rental:\n"))).toBe("<dir>/contract.yaml:8:3: rules.Rental: rule ids are lower-case letters, digits and dashes");
    expect(problems(replace("    type: revenue\n    applies_to: { kinds: [tv, feature]", "    type: revenue\n    priority: -1\n    applies_to: { kinds: [tv, feature]"))).toBe(
      "<dir>/contract.yaml:10:5: rules.rental.priority: must be a whole number",
    );
  });

  it("rates outside 0..1", () => {
    expect(problems(replace("value: 0.036", "value: 1.5"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: rate must be between 0 and 1 (a fraction: 3% is 0.03)");
    expect(problems(replace("value: 0.036", "value: -0.1"))).toBe("<dir>/contract.yaml:11:13: rules.rental.rate.value: rate must be between 0 and 1 (a fraction: 3% is 0.03)");
    expect(problems(replace("value: 0.02,", "value: 2,"))).toBe("<dir>/contract.yaml:20:31: rules.est.rate.changes.0.value: rate must be between 0 and 1 (a fraction: 3% is 0.03)");
  });

  it("dates out of order", () => {
    expect(problems(replace("to: 2011-06-30", "to: 2008-06-30"))).toBe("<dir>/contract.yaml:5:27: term.to: dates out of order: term ends 2008-06-30, before it starts 2009-01-01");
    const twoChanges = replace(
      "        - { from: 2010-01-01, value: 0.02, source: test, confidence: verified }\n",
      "        - { from: 2010-01-01, value: 0.02, source: test, confidence: verified }\n        - { from: 2009-06-01, value: 0.03, source: test, confidence: verified }\n",
    );
    expect(problems(twoChanges)).toBe("<dir>/contract.yaml:21:13: rules.est.rate.changes.1.from: dates out of order: 2009-06-01 is not after 2010-01-01");
    expect(problems(replace("from: 2010-01-01", "from: 2010-02-30"))).toBe("<dir>/contract.yaml:20:13: rules.est.rate.changes.0.from: must be a date (YYYY-MM-DD)");
  });

  it("overlapping rules with no priority between them (and none with a priority)", () => {
    const overlapping = replace("media: [electronic-sell-through]", "media: [electronic-sell-through, rental]");
    expect(problems(overlapping)).toBe(
      '<dir>/contract.yaml:14:5: rules.est.applies_to: overlaps rule "rental" (both apply to tv on rental) with no priority between them',
    );
    expect(problems(overlapping.replace("  est:\n    type: revenue\n", "  est:\n    type: revenue\n    priority: 1\n"))).toBe("loaded");
  });

  it("an extends cycle, a missing parent, a parent that is not an id", () => {
    const child = (id: string, parent: string) => `id: ${id}\nextends: ${parent}\n`;
    expect(problems(child("a", "b"), { "b.yaml": child("b", "contract") })).toBe('<dir>/b.yaml:2:1: extends: extends "contract", but <dir>/contract.yaml is not that contract (its id is not contract)');
    expect(problems(child("contract", "b"), { "b.yaml": child("b", "contract") })).toBe("<dir>/b.yaml:2:1: extends: extends cycle: contract.yaml → b.yaml → contract.yaml");
    expect(problems(child("contract", "contract"))).toBe("<dir>/contract.yaml:2:1: extends: extends cycle: contract.yaml → contract.yaml");
    expect(problems(child("a", "no-such-contract"))).toBe('<dir>/contract.yaml:2:1: extends: extends "no-such-contract", but no such contract was found');
    expect(problems(child("a", "[sag-2009]"))).toBe("<dir>/contract.yaml:2:1: extends: extends must be a contract id (lower-case letters, digits and dashes), not a path");
  });

  it("extends names a contract id, never a path, and never reads out a file that is not that contract", () => {
    const secrets = "password: hunter2\napi_key: abc123\n";
    for (const parent of ["./secrets.yaml", "../secrets.yaml", "/etc/passwd", "secrets.yaml", "Secrets"]) {
      expect(problems(`id: a\nextends: ${parent}\n`, { "secrets.yaml": secrets })).toBe(
        "<dir>/contract.yaml:2:1: extends: extends must be a contract id (lower-case letters, digits and dashes), not a path",
      );
    }
    const named = problems("id: a\nextends: secrets\n", { "secrets.yaml": secrets });
    expect(named).toBe('<dir>/contract.yaml:2:1: extends: extends "secrets", but <dir>/secrets.yaml is not that contract (its id is not secrets)');
    expect(named).not.toMatch(/password|hunter2|api_key|abc123/);
  });

  it("an error inherited from a parent is reported in the parent; the child's own in the child", () => {
    const parent = replace("guild: sag\n", "guild: sag\ncolour: blue\n");
    expect(problems("id: child\nextends: test-contract\n", { "test-contract.yaml": parent })).toBe('<dir>/test-contract.yaml:4:1: colour: unknown key "colour"');
    expect(problems("id: child\nextends: test-contract\nrules:\n  rental:\n    rate: { value: 2 }\n", { "test-contract.yaml": VALID })).toBe(
      "<dir>/contract.yaml:5:13: rules.rental.rate.value: rate must be between 0 and 1 (a fraction: 3% is 0.03)",
    );
    expect(problems("id: child\nextends: test-contract\ntitle: null\n", { "test-contract.yaml": VALID })).toBe("<dir>/contract.yaml:3:1: title: is required");
  });
});

describe("contract files: YAML problems get a clean message, never a stack trace", () => {
  it("a syntax error, where the parser finds it (the first error only: the rest are its echoes)", () => {
    expect(problems(replace("guild: sag", "guild: [sag"))).toBe(
      "<dir>/contract.yaml:4:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
  });

  it("a tab used as indentation", () => {
    expect(problems(replace("  est:\n", "\test:\n"))).toBe(
      "<dir>/contract.yaml:12:1: YAML: Tabs are not allowed as indentation",
    );
  });

  it("a duplicate key", () => {
    expect(problems(replace("guild: sag\n", "guild: sag\nguild: wga\n"))).toBe('<dir>/contract.yaml:4:1: YAML: duplicate key "guild" (each key may appear once in a mapping)');
  });

  it("tags: !!js/function and friends are refused, not run", () => {
    expect(problems(replace("title: Test contract", 'title: !!js/function "function () { globalThis.ran = true }"'))).toBe(
      "<dir>/contract.yaml:2:8: YAML: the tag !!js/function is not allowed (a contract file is plain data)",
    );
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
    expect(problems(replace("title: Test contract", "title: !!binary aGVsbG8="))).toBe("<dir>/contract.yaml:2:8: YAML: the tag !!binary is not allowed (a contract file is plain data)");
    expect(problems(replace("value: 0.036", "value: !!float 0.036"))).toBe("<dir>/contract.yaml:11:20: YAML: the tag !!float is not allowed (a contract file is plain data)");
  });

  it("an alias bomb (billion laughs)", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g", "h", "i"].entries()) {
      const previous = String.fromCharCode("a".charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    expect(problems(levels.join("\n") + "\n")).toBe('<dir>/contract.yaml:2:8: YAML: aliases expand to more than 100 copies (an "alias bomb"); write the values out instead');
  });

  it("two documents, not a mapping, an empty file", () => {
    expect(problems(`${VALID}---\nid: second\n`)).toBe("<dir>/contract.yaml:21:1: YAML: a contract file holds one YAML document (found a second one after ---)");
    expect(problems("- a\n- b\n")).toBe("<dir>/contract.yaml:1:1: a contract file is a YAML mapping (key: value lines)");
    expect(problems("")).toBe("<dir>/contract.yaml:1:1: a contract file is a YAML mapping (key: value lines)");
  });

  it("nesting too deep for the parser", () => {
    expect(problems(`id: x\ntitle: ${"[".repeat(5000)}${"]".repeat(5000)}\n`)).toMatch(/^<dir>\/contract\.yaml:2:\d+: YAML: nested too deeply$/);
  });

  it("a __proto__ key, which must not vanish into the object's prototype", () => {
    expect(problems(replace("guild: sag\n", "guild: sag\n__proto__: { colour: blue }\n"))).toBe('<dir>/contract.yaml:4:1: __proto__: unknown key "__proto__"');
    expect(problems("id: child\nextends: test-contract\nrules:\n  __proto__: { type: revenue }\n", { "test-contract.yaml": VALID })).toBe(
      '<dir>/contract.yaml:4:3: rules.__proto__: unknown key "__proto__"',
    );
  });

  it("a file that is not UTF-8, a folder, a missing file", () => {
    expect(problems(Buffer.concat([Buffer.from(VALID), Buffer.from([0x23, 0x20, 0xff, 0x0a])]))).toBe("<dir>/contract.yaml: is not UTF-8 text (save it as UTF-8)");
    const dir = tempFiles();
    mkdirSync(join(dir, "folder.yaml"));
    expect(() => load(join(dir, "folder.yaml"))).toThrow(`${dir}/folder.yaml: is a folder, not a file`);
    expect(() => load(join(dir, "missing.yaml"))).toThrow(`${dir}/missing.yaml: file not found`);
    expect(() => loadContract("no-such-id", { bundledDir: bundledRulesDir() })).toThrow('no-such-id: no bundled contract with id "no-such-id" (see: residuals contracts list)');
  });
});
