import { lstat, readlink, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { InputFileError } from "../csv/input-file-error.js";

/**
 * Where an output goes, found before any work is done:
 * - `file`: a regular file (or none yet) at `path`, the real path after every symbolic link;
 *   it is written whole to a temporary file beside it and put in place at the end;
 * - `stream`: something else that takes bytes (a FIFO, a device, another open descriptor):
 *   the results are streamed into it at the end, as to stdout;
 * - `stdout`: the standard output (no `--out`, or a path that names descriptor 1).
 */
export type Target =
  | { readonly kind: "file"; readonly flag: string; readonly given: string; readonly path: string; readonly existing: Stats | undefined }
  | {
      readonly kind: "stream";
      readonly flag: string;
      readonly given: string;
      readonly path: string;
      readonly existing: Stats | undefined;
      /** A descriptor path's descriptor: written through, at its own offset, never opened anew. */
      readonly fd?: number;
    }
  | { readonly kind: "stdout"; readonly flag: string; readonly given: string };

/** An output the command refuses to write (a socket, an input file, another output): a usage error. */
export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefused";
  }
}

/** Symbolic links followed at most (as the system's own limit). */
const MAX_LINKS = 40;

/** Folders whose entries are a process's open descriptors: writing there means writing to the descriptor. */
const DESCRIPTOR_FOLDER = /^\/proc\/(?:self|thread-self|\d+)(?:\/task\/\d+)?\/fd$/;

/**
 * Resolves `given` (the value of `flag`) to what would be written. A folder, a socket, a link
 * loop or a missing folder are refused before any work: a folder or missing folder as a file
 * that cannot be used (exit 1), a socket as a usage error (exit 2).
 */
export async function resolveTarget(flag: string, given: string): Promise<Target> {
  let path = resolve(given);
  for (let links = 0; ; links++) {
    if (links > MAX_LINKS) throw new InputFileError(given, "cannot be written: too many symbolic links");
    const folder = await realFolder(given, dirname(path));
    if (DESCRIPTOR_FOLDER.test(folder) || folder === "/dev/fd") {
      const fd = Number(basename(path));
      if (fd === 1) return { kind: "stdout", flag, given };
      if (!Number.isSafeInteger(fd)) throw new InputFileError(given, `cannot be written: ${path} is not an open descriptor`);
      return { kind: "stream", flag, given, path: join(folder, basename(path)), existing: await stat(path).catch(() => undefined), fd };
    }
    path = join(folder, basename(path));
    const entry = await lstat(path).catch(() => undefined);
    if (entry?.isSymbolicLink()) {
      const to = await readlink(path);
      path = isAbsolute(to) ? to : resolve(folder, to);
      continue;
    }
    if (entry === undefined || entry.isFile()) return { kind: "file", flag, given, path, existing: entry };
    if (entry.isDirectory()) throw new InputFileError(given, "cannot be written: it is a folder");
    if (entry.isSocket()) throw new TargetRefused(`${flag} ${given}: is a socket; give a file, a FIFO or a device`);
    return { kind: "stream", flag, given, path, existing: entry };
  }
}

/** The real path of the folder an output goes in, with the user's words when it is missing. */
async function realFolder(given: string, folder: string): Promise<string> {
  try {
    const real = await realpath(folder);
    if (!(await stat(real)).isDirectory()) throw new InputFileError(given, `cannot be written: ${folder} is not a folder`);
    return real;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputFileError(given, `cannot be written: the folder ${folder} does not exist`);
    if (code === "ENOTDIR") throw new InputFileError(given, `cannot be written: ${folder} is not a folder`);
    if (code === "ELOOP") throw new InputFileError(given, "cannot be written: too many symbolic links");
    throw new InputFileError(given, `cannot be written (${code ?? (error as Error).message})`);
  }
}

/** What makes two paths the same file: the file itself where it exists, else its real path. */
function identity(target: Target): string {
  if (target.kind === "stdout") return "stdout";
  return target.existing ? `${target.existing.dev}:${target.existing.ino}` : `path:${target.path}`;
}

export interface NamedInput {
  readonly flag: string;
  readonly path: string;
}

/**
 * Resolves every output of a run and refuses (a usage error) one that is an input file or
 * another output of the same run: one would overwrite the other. Files are compared as files
 * (device and inode), so another spelling of a path or a link to it is the same file.
 * `outputs` with an undefined path are stdout.
 */
export async function planOutputs(outputs: readonly { flag: string; path: string | undefined }[], inputs: readonly NamedInput[]): Promise<Target[]> {
  const targets: Target[] = [];
  for (const { flag, path } of outputs) targets.push(path === undefined ? { kind: "stdout", flag, given: "stdout" } : await resolveTarget(flag, path));
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const found = await stat(input.path).catch(() => undefined);
    if (found) seen.set(`${found.dev}:${found.ino}`, `the input file ${input.flag} ${input.path}`);
  }
  for (const target of targets) {
    const key = identity(target);
    const other = seen.get(key);
    const named = target.given === "stdout" ? "the standard output" : `${target.flag} ${target.given}`;
    if (other !== undefined) throw new TargetRefused(`${named} is ${other}: give each output its own file`);
    seen.set(key, target.given === "stdout" ? "the standard output, where the results go" : `already ${target.flag} ${target.given}`);
  }
  return targets;
}
