/**
 * The known words nearest to what the user typed, for "did you mean" hints: by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours), ignoring case, so `SAG-2009`
 * and `sag2009` both find `sag-2009`. Only close words are offered: at most a third of the
 * typed word's letters (and at least one, at most three) may differ, and of those only the
 * closest (`SAG-2009` finds `sag-2009`, not also `sag-2005`).
 */
export function nearest(typed: string, known: readonly string[], most = 3): string[] {
  const word = typed.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const scored = known
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  const closest = scored[0]?.distance;
  return scored.filter(({ distance }) => distance === closest).slice(0, most).map(({ candidate }) => candidate);
}

/** " (did you mean a or b?)", or nothing when no known word is close. */
export function didYouMean(typed: string, known: readonly string[], quote: (word: string) => string = (word) => word): string {
  const close = nearest(typed, known);
  if (close.length === 0) return "";
  const words = close.map(quote);
  const listed = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
  return ` (did you mean ${listed}?)`;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring letters. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}
