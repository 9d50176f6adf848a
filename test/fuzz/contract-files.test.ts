import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { bundledContractIds, bundledRulesDir } from "../../src/contracts/bundled.js";
import { loadContract } from "../../src/contracts/load.js";
import { ContractError } from "../../src/contracts/problems.js";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";
import { applyEdits, edits } from "./mutate.js";

/** What matters to YAML: structure, flow collections, anchors, tags, quotes, scalars that look like numbers. */
const YAML_ALPHABET = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!", "#", "\t", '"', "'", "|", ">", "\n", "  ", "%", "@", "`", "?", "0.", "1", "e", "-1", "null", "~", "<<", "__proto__", "---", "\uFEFF"];
const bundled = bundledContractIds().map((id) => readFileSync(join(bundledRulesDir(), `${id}.yaml`), "utf8"));
const load = (path: string) => loadContract(path, { bundledDir: bundledRulesDir() });

/** Loads a contract file: it either loads or fails with a ContractError, nothing else. */
function loadsOrExplains(path: string): void {
  try {
    load(path);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    for (const problem of error.problems) {
      expect(problem.message.length).toBeGreaterThan(0);
      expect(problem.file.length).toBeGreaterThan(0);
    }
  }
}

/** A value of any JSON-ish shape, for structure-aware mutation. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(-1, 1.5, 0.036, "2009-02-30", "", null, [], {}));

function setAt(target: unknown, path: readonly number[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (const [depth, choice] of path.entries()) {
    if (node === null || typeof node !== "object") return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[choice % keys.length]!;
    if (depth === path.length - 1 || node[key] === null || typeof node[key] !== "object") {
      node[key] = value;
      return;
    }
    node = node[key] as Record<string, unknown>;
  }
}

describe("fuzz: random and mutated contract files", () => {
  const dir = tempFiles();
  const file = join(dir, "contract.yaml");

  it("text mutations of the bundled files load or fail with a located message", () => {
    fc.assert(
      fc.property(fc.constantFrom(...bundled.keys()), edits(YAML_ALPHABET), (index, list) => {
        writeFileSync(file, applyEdits(bundled[index]!, list));
        loadsOrExplains(file);
      }),
      { numRuns: 200 },
    );
  });

  it("structure mutations (any value at any path) load or fail with a located message", () => {
    fc.assert(
      fc.property(fc.constantFrom(...bundled.keys()), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }), anyValue, (index, path, value) => {
        const data = parse(bundled[index]!) as unknown;
        setAt(data, path, value);
        writeFileSync(file, stringify(data));
        loadsOrExplains(file);
      }),
      { numRuns: 200 },
    );
  });

  it("random text loads or fails with a located message", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.constantFrom(...YAML_ALPHABET, "id", "rules", "extends", "x"), maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 })), (text) => {
        writeFileSync(file, text);
        loadsOrExplains(file);
      }),
      { numRuns: 200 },
    );
  });

  it("a broken contract given to calc exits 1 with its message, never an internal error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bundled.keys()), edits(YAML_ALPHABET), async (index, list) => {
        writeFileSync(file, applyEdits(bundled[index]!, list));
        const result = await run(["calc", "--contract", file, "--titles", "examples/titles.csv", "--usage", "examples/usage.csv", "--format", "csv", "--quiet"]);
        expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
        expect([0, 1]).toContain(result.code);
        // Every line names a contract file (this one, or a bundled parent it extends), with line and column when there is one.
        if (result.code === 1) for (const line of result.stderr.trimEnd().split("\n")) expect(line).toMatch(/^\/\S+\.yaml(:\d+:\d+)?: ./);
      }),
      { numRuns: 40 },
    );
  });
});
