/**
 * Applies a sparse diff over a baseline (`extends`): maps merge key by key, a `null` removes the
 * inherited key, and anything else (scalars, lists) replaces the inherited value whole.
 */
export function mergeDiff(base: Record<string, unknown>, diff: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(diff)) {
    const inherited = Object.hasOwn(result, key) ? result[key] : undefined;
    if (value === null) {
      delete result[key];
    } else if (isPlainMap(value) && isPlainMap(inherited)) {
      setKey(result, key, mergeDiff(inherited, value));
    } else {
      setKey(result, key, value);
    }
  }
  return result;
}

/** defineProperty, not assignment: a key named `__proto__` stays a key (and is reported as unknown). */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
