/**
 * Applies a sparse diff over a baseline (`extends`): maps merge key by key, a `null` removes the
 * inherited key, and anything else (scalars, lists) replaces the inherited value whole.
 */
export function mergeDiff(base: Record<string, unknown>, diff: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(diff)) {
    if (value === null) {
      delete result[key];
    } else if (isPlainMap(value) && isPlainMap(result[key])) {
      result[key] = mergeDiff(result[key] as Record<string, unknown>, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
