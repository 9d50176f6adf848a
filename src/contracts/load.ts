import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { z } from "zod";
import type { Contract } from "../engine/terms.js";
import { compileContract } from "./compile.js";
import { mergeDiff } from "./merge.js";
import { ContractError, type ContractProblem } from "./problems.js";
import { contractFileSchema, type ContractFile } from "./schema.js";

/** One YAML file as read: its data (numbers kept as their source text) and where each key stands. */
interface SourceFile {
  readonly path: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly data: Record<string, unknown>;
}

export interface LoadedContract {
  readonly contract: Contract;
  /** The resolved file (after `extends`), as validated. */
  readonly file: ContractFile;
  /** The files it was resolved from, the named file first, then its ancestors. */
  readonly chain: readonly string[];
}

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
    throw new ContractError([{ file: ref, message: `no bundled contract with id "${ref}" (see: residuals contracts list)` }]);
  }
  const chain: SourceFile[] = [];
  let path = firstPath;
  for (;;) {
    const source = readSource(path);
    chain.push(source);
    const parentId = source.data.extends;
    if (parentId === undefined) break;
    const located = locate(source, ["extends"]);
    if (typeof parentId !== "string") {
      throw new ContractError([{ ...located, path: "extends", message: "extends must be a contract id" }]);
    }
    const parentPath = findParent(parentId, dirname(path), options.bundledDir);
    if (parentPath === undefined) {
      throw new ContractError([{ ...located, path: "extends", message: `extends "${parentId}", but no such contract was found` }]);
    }
    if (chain.some((seen) => seen.path === parentPath)) {
      const cycle = [...chain.map((s) => basename(s.path)), basename(parentPath)].join(" → ");
      throw new ContractError([{ ...located, path: "extends", message: `extends cycle: ${cycle}` }]);
    }
    path = parentPath;
  }

  // The root file is taken as written; each file above it is a sparse diff over it.
  const root = chain[chain.length - 1]!.data;
  const merged = chain.slice(0, -1).reduceRight((base, source) => mergeDiff(base, source.data), root);
  const parsed = contractFileSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) throw new ContractError(issuesToProblems(parsed.error.issues, chain));
  const file = parsed.data;
  const contract = compileContract(file, (problemPath, message) => ({ ...locateInChain(chain, problemPath), path: problemPath.join("."), message }));
  return { contract, file, chain: chain.map((s) => s.path) };
}

function fileExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

function findParent(id: string, ownDir: string, bundledDir: string): string | undefined {
  if (isContractPath(id)) {
    const path = resolve(ownDir, id);
    return fileExists(path) ? path : undefined;
  }
  for (const dir of [ownDir, bundledDir]) {
    for (const ext of [".yaml", ".yml"]) {
      const path = join(dir, `${id}${ext}`);
      if (fileExists(path)) return resolve(path);
    }
  }
  return undefined;
}

function readSource(path: string): SourceFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : "cannot be read";
    throw new ContractError([{ file: path, message: reason }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, customTags: [] });
  if (doc.errors.length > 0) {
    throw new ContractError(
      doc.errors.map((error) => {
        const position = lines.linePos(error.pos[0]);
        return { file: path, line: position.line, column: position.col, message: `YAML: ${firstLine(error.message)}` };
      }),
    );
  }
  // Keep every number as the digits written, so rates and amounts never pass through a float.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "number" || typeof node.value === "bigint") node.value = node.source ?? String(node.value);
    },
  });
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ContractError([{ file: path, line: 1, column: 1, message: "a contract file is a YAML mapping (key: value lines)" }]);
  }
  return { path, doc, lines, data: data as Record<string, unknown> };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

type PathKey = string | number;

/** Position of the deepest key of `path` present in this file (the key itself, where a map holds it). */
function locate(source: SourceFile, path: readonly PathKey[]): { file: string; line?: number; column?: number; depth: number } {
  let node: unknown = source.doc.contents;
  let offset: number | undefined;
  let depth = 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value;
    } else if (node && typeof node === "object" && "items" in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(key)];
      if (item === undefined) break;
      offset = (item as { range?: [number] }).range?.[0];
      node = item;
    } else break;
    depth++;
  }
  if (offset === undefined) return { file: source.path, line: 1, column: 1, depth };
  const position = source.lines.linePos(offset);
  return { file: source.path, line: position.line, column: position.col, depth };
}

/** The file of the chain that says the most about `path` (the named file wins ties). */
function locateInChain(chain: readonly SourceFile[], path: readonly PathKey[]): { file: string; line?: number; column?: number } {
  let best = locate(chain[0]!, path);
  for (const source of chain.slice(1)) {
    const found = locate(source, path);
    if (found.depth > best.depth) best = found;
  }
  const { depth: _depth, ...where } = best;
  return where;
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], chain: readonly SourceFile[]): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const add = (path: readonly PathKey[], message: string) =>
    problems.push({ ...locateInChain(chain, path), path: path.join("."), message });
  for (const issue of issues) {
    const path = issue.path.filter((key): key is PathKey => typeof key !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...path, key], `unknown key "${key}"`);
    } else if (issue.code === "invalid_type" && issue.input === undefined) {
      add(path, "is required");
    } else {
      add(path, issue.message);
    }
  }
  return problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}

/** Bundled contracts are `<dir>/<id>.yaml`; anything else in the folder is not a contract. */
export function isContractFileName(name: string): boolean {
  return extname(name) === ".yaml";
}
