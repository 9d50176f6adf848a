import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { editorSchema } from "../../src/contracts/editor-schema.js";

const RULES = join(import.meta.dirname, "../../rules");
const committed = JSON.parse(readFileSync(join(RULES, "contract.schema.json"), "utf8")) as Record<string, unknown>;
const contractFiles = readdirSync(RULES).filter((name) => name.endsWith(".yaml"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(committed);

/** As an editor sees a file: plain YAML, numbers as numbers. */
const yamlAt = (name: string) => parse(readFileSync(join(RULES, name), "utf8")) as Record<string, unknown>;

describe("rules/contract.schema.json", () => {
  it("is the schema the program generates (regenerate with: npm run schema)", () => {
    expect(readFileSync(join(RULES, "contract.schema.json"), "utf8")).toBe(JSON.stringify(editorSchema(), null, 2) + "\n");
  });

  it.each(contractFiles)("accepts the bundled %s", (name) => {
    expect(readFileSync(join(RULES, name), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./contract.schema.json");
    expect(validate(yamlAt(name)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects a misplaced key, in a whole file and in a sparse diff", () => {
    const whole = yamlAt("dga-2008.yaml");
    (whole.rules as Record<string, Record<string, unknown>>)["tv-ad-supported-streaming"]!.rate = 0.02;
    expect(validate(whole)).toBe(false);
    const diff = yamlAt("wga-2008.yaml");
    ((diff.rules as Record<string, Record<string, unknown>>)["tv-ad-supported-streaming"]!.library as Record<string, unknown>).rte = 0.02;
    expect(validate(diff)).toBe(false);
  });

  it("requires every section of a file that extends nothing", () => {
    const { guild: _guild, ...withoutGuild } = yamlAt("dga-2008.yaml");
    expect(validate(withoutGuild)).toBe(false);
  });
});
