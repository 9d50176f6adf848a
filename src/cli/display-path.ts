import { relative } from "node:path";

/** A path relative to the working folder when it lies inside it, else as it is. */
export function displayPath(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside && !inside.startsWith("..") ? inside : file;
}
