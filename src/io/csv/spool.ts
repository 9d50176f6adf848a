import { closeSync, createReadStream, createWriteStream, openSync, rmSync } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { InputFileError } from "./input-file-error.js";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Inputs that are not regular files (pipes), by the path given, and the temporary copy each was read into. */
const spooled = new Map<string, string>();
/** Temporary files of this process, removed when it exits (however it exits, short of a kill). */
const temporary = new Set<string>();
let made = 0;

process.on("exit", () => {
  for (const path of temporary) rmSync(path, { force: true });
});

/** A new temporary file's path (the file is created, empty, readable by this user only), removed at exit or by `release`. */
export function temporaryFile(kind: string): { path: string; release: () => void } {
  const path = join(tmpdir(), `.residuals-${kind}-${process.pid}-${made++}-${Date.now().toString(36)}.tmp`);
  closeSync(openSync(path, "wx", 0o600));
  temporary.add(path);
  return {
    path,
    release: () => {
      rmSync(path, { force: true });
      temporary.delete(path);
    },
  };
}

/**
 * Makes `file` readable as often as needed: nothing to do for a regular file; anything else (a
 * pipe, a process substitution) is copied, all it gives, to a temporary file, removed when the
 * process exits. A ledger is read twice when it is not in date order, and a pipe gives its bytes
 * once. Waits without blocking this thread, so a signal is still handled meanwhile.
 */
export async function spool(file: string): Promise<void> {
  if (spooled.has(file)) return;
  try {
    if ((await stat(file)).isFile() || (await stat(file)).isDirectory()) return;
  } catch {
    return; // the reader's open reports it
  }
  const { path } = temporaryFile("input");
  spooled.set(file, path);
  try {
    // "r+", not "w": the file exists, and an open still pending when a signal's exit removes it
    // must fail, not create it again (and leave it behind).
    await pipeline(createReadStream(file), createWriteStream(path, { flags: "r+" }));
  } catch {
    throw new InputFileError(file, "cannot be read");
  }
}

/** Where `file` is read from: its copy where it was spooled, else itself. */
export function spooledPath(file: string): string {
  return spooled.get(file) ?? file;
}
