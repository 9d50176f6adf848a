/**
 * Digits with their thousands grouped by commas: "2833" → "2,833". Only the whole part of a
 * number is given (or a text whose first run of digits is the whole part): a sign before it
 * and a fraction after it are kept as they are.
 */
export function groupThousands(text: string): string {
  const start = text.startsWith("-") ? 1 : 0;
  let end = start;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  if (end - start <= 3) return text;
  let grouped = "";
  const first = (end - start) % 3 || 3;
  grouped += text.slice(start, start + first);
  for (let at = start + first; at < end; at += 3) grouped += "," + text.slice(at, at + 3);
  return text.slice(0, start) + grouped + text.slice(end);
}
