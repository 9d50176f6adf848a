import fc from "fast-check";

/** One edit of a text, placed by a fraction of its length so it stays valid whatever the text. */
export type Edit =
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate-line"; readonly at: number }
  | { readonly kind: "swap-lines"; readonly at: number; readonly with: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Edits that insert text made of `alphabet` (the characters that matter to the format at hand). */
export function edits(alphabet: readonly string[]): fc.Arbitrary<Edit[]> {
  const piece = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 6 }).map((chars) => chars.join(""));
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant("insert" as const), at: position, text: piece }),
    fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant("duplicate-line" as const), at: position }),
    fc.record({ kind: fc.constant("swap-lines" as const), at: position, with: position }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 });
}

export function applyEdits(text: string, list: readonly Edit[]): string {
  let result = text;
  for (const edit of list) {
    const at = Math.floor(edit.at * (result.length + 1));
    if (edit.kind === "insert") result = result.slice(0, at) + edit.text + result.slice(at);
    else if (edit.kind === "delete") result = result.slice(0, at) + result.slice(at + edit.length);
    else {
      const lines = result.split("\n");
      const i = Math.floor(edit.at * lines.length);
      if (edit.kind === "duplicate-line") lines.splice(i, 0, lines[i]!);
      else {
        const j = Math.floor(edit.with * lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      result = lines.join("\n");
    }
  }
  return result;
}
