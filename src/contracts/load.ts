import { readFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { parseContractSource, resolveContract, type LoadedContract, type SourceFile } from "./parse.js";
import { ContractError, UnknownContractId } from "./problems.js";

export type { LoadedContract } from "./parse.js";

export interface LoadOptions {
  /** Where bundled contracts live; `extends` and ids are looked up here after the file's own folder. */
  readonly bundledDir: string;
}

/** A `--contract` value is a path when it looks like one, else the id of a bundled contract. */
export function isContractPath(ref: string): boolean {
  return ref.includes("/") || ref.includes("\\") || /\.ya?ml$/i.test(ref);
}

export function loadContract(ref: string, options: LoadOptions): LoadedContract {
  const firstPath = isContractPath(ref) ? resolve(ref) : join(options.bundledDir, `${ref}.yaml`);
  if (!isContractPath(ref) && !fileExists(firstPath)) {
    throw new UnknownContractId(ref);
  }
  return resolveContract(firstPath, {
    read: readSource,
    parentOf: (id, child) => findParent(id, dirname(child), options.bundledDir),
  });
}

function fileExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `extends` names a contract id (see resolveContract): `<id>.yaml` beside the file, then among the bundled contracts. */
function findParent(id: string, ownDir: string, bundledDir: string): string | undefined {
  for (const dir of [ownDir, bundledDir]) {
    for (const ext of [".yaml", ".yml"]) {
      const path = join(dir, `${id}${ext}`);
      if (fileExists(path)) return resolve(path);
    }
  }
  return undefined;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function readSource(path: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ContractError([{ file: path, message: unreadableReason(error) }]);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ContractError([{ file: path, message: "is not UTF-8 text (save it as UTF-8)" }]);
  }
  return parseContractSource(path, text);
}

function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "file not found";
  if (code === "EISDIR") return "is a folder, not a file";
  return "cannot be read";
}

/** Bundled contracts are `<dir>/<id>.yaml`; anything else in the folder is not a contract. */
export function isContractFileName(name: string): boolean {
  return extname(name) === ".yaml";
}
