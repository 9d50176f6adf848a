import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { InputFileError } from "./table.js";

/**
 * Checks, before any work is done, that a result file can be put at `path`: its folder exists
 * and the path is not itself a folder. (Results are renamed into place at the end; a run
 * should not compute for an hour and then find it has nowhere to go.)
 */
export async function checkTarget(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new InputFileError(path, "cannot be written: it is a folder");
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined) throw new InputFileError(path, `cannot be written: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new InputFileError(path, `cannot be written: ${folder} is not a folder`);
}
