// As a namespace, so the bundler keeps only what is used: `import { z }` kept all of zod, its
// sixty translations among them, a quarter of the built command, which Node parses at every start.
import * as z from "zod";
import { FIXED_BASES, GUILDS, STATUSES } from "../domain/vocabulary.js";
import { RULE_KINDS } from "../rule-kinds/registry.js";
import { DECIMAL_PATTERN, INTEGER_PATTERN, isoDate, LIMITS, type RuleCommonFile } from "../rule-kinds/terms-schema.js";

/**
 * The contract-file format: the single source of truth for validation, for the TypeScript
 * types (z.infer) and for the published JSON Schema (z.toJSONSchema). Every object is strict,
 * so a misspelt or misplaced key is an error, never silently ignored. Each kind of rule brings
 * its own part (src/rule-kinds); the pieces they share are in rule-kinds/terms-schema.ts.
 */
const ruleSchemas = RULE_KINDS.map((kind) => kind.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];

export const ruleSchema = z.discriminatedUnion("type", ruleSchemas, {
  error: `type must be one of ${RULE_KINDS.map((kind) => kind.type).join(", ")}`,
});

const ruleId = /^[a-z0-9][a-z0-9-]*$/;

export const contractFileSchema = z
  .strictObject({
    id: z.string().regex(ruleId, { error: "id must be lower-case letters, digits and dashes" }),
    extends: z.string().optional(),
    title: z.string().min(1),
    guild: z.enum(GUILDS, { error: `guild must be one of ${GUILDS.join(", ")}` }),
    status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(", ")}` }),
    term: z.strictObject({ from: isoDate, to: isoDate.optional() }),
    reference: z.string().optional(),
    description: z.string().optional(),
    not_modelled: z.array(z.string()).optional(),
    fixed_basis: z.enum(FIXED_BASES, { error: "fixed_basis must be tam or residual_base" }),
    rules: z.record(z.string().regex(ruleId, { error: "rule ids are lower-case letters, digits and dashes" }), ruleSchema),
  })
  .superRefine((file, ctx) => {
    if (file.term.to !== undefined && file.term.to < file.term.from) {
      ctx.addIssue({ code: "custom", path: ["term", "to"], message: `dates out of order: term ends ${file.term.to}, before it starts ${file.term.from}` });
    }
  });

/** A rule of a contract file: the keys every rule has, and its kind's own (see its module). */
export type RuleFile = RuleCommonFile & Record<string, unknown>;
export type ContractFile = Omit<z.infer<typeof contractFileSchema>, "rules"> & { rules: Record<string, RuleFile> };
export { DECIMAL_PATTERN, INTEGER_PATTERN, LIMITS };

/** The JSON Schema for editors: numbers may be written as YAML numbers. */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(contractFileSchema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      if (json.type === "string" && (json.pattern === DECIMAL_PATTERN.source || json.pattern === INTEGER_PATTERN.source)) {
        delete json.type;
        const pattern = json.pattern;
        delete json.pattern;
        // The bounds of a bounded whole number (see wholeNumberFrom) hold for it written as a number.
        const { minimum = 0, maximum } = json as { minimum?: number; maximum?: number };
        delete json.minimum;
        delete json.maximum;
        json.anyOf = [
          { type: pattern === INTEGER_PATTERN.source ? "integer" : "number", minimum, ...(maximum !== undefined ? { maximum } : {}) },
          { type: "string", pattern },
        ];
      }
    },
  });
  return {
    ...schema,
    title: "Residuals contract file",
  } as Record<string, unknown>;
}
