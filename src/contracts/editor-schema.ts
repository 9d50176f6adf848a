import { contractJsonSchema } from "./schema.js";

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema published as rules/contract.schema.json, for editors. contractJsonSchema()
 * describes a whole contract; a file with `extends` is a sparse diff over its baseline, where
 * every key is optional and `null` removes an inherited key, so such files get a relaxed
 * version of the same schema (lists still replace whole, so list items stay strict).
 */
export function editorSchema(): JsonSchema {
  const { $schema, title, ...whole } = contractJsonSchema();
  const diff = sparse(whole);
  return {
    $schema,
    title,
    description: "A contract file of the residuals tool. With `extends`, a sparse diff over the named contract: keys merge, null removes.",
    if: { type: "object", properties: { extends: { type: "string" } }, required: ["extends"] },
    then: { ...diff, required: ["id", "extends"] },
    else: whole,
  };
}

/** Every object key optional and nullable, recursively; alternatives may overlap once partial. */
function sparse(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = { ...schema };
  delete result.required;
  if (isSchema(schema.properties)) {
    result.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, nullable(sparse(value as JsonSchema))]));
  }
  if (isSchema(schema.additionalProperties)) result.additionalProperties = nullable(sparse(schema.additionalProperties));
  for (const key of ["anyOf", "oneOf"] as const) {
    const alternatives = schema[key];
    if (!Array.isArray(alternatives)) continue;
    delete result[key];
    result.anyOf = alternatives.map((alternative: JsonSchema) => sparse(alternative));
  }
  return result;
}

function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: "null" }] };
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
