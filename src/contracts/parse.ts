import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";
import type { z } from "zod";
import type { Contract } from "../domain/terms.js";
import { compileContract } from "./compile.js";
import { mergeDiff } from "./merge.js";
import { ContractError, formatProblem, type ContractProblem } from "./problems.js";
import { contractFileSchema, type ContractFile } from "./schema.js";

// Contract text to a compiled contract, with no file system: the command line reads files into
// it (load.ts), the browser page texts bundled at build time.

/** One YAML file as read: its data (numbers kept as their source text) and where each key stands. */
export interface SourceFile {
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

/** How a contract's files are found and read: from disk, or from texts built into a page. */
export interface ContractFiles {
  /** Reads and parses one file (see parseContractSource); throws a ContractError when it cannot. */
  read(path: string): SourceFile;
  /** Where the contract that `child` extends by `id` is, or undefined when there is none. */
  parentOf(id: string, child: string): string | undefined;
}

/**
 * A contract from its first file and the files it extends: merged, validated and compiled, each
 * problem placed in the file of the chain that says the most about it.
 */
export function resolveContract(firstPath: string, files: ContractFiles): LoadedContract {
  const chain: SourceFile[] = [];
  let path = firstPath;
  let expected: { id: string; from: ReturnType<typeof locate> } | undefined;
  for (;;) {
    const source = files.read(path);
    // A parent is a contract file named for its id: never any other YAML file, whose content
    // would otherwise come back in the messages about it.
    if (expected !== undefined && source.data.id !== expected.id) {
      throw new ContractError([{ ...expected.from, path: "extends", message: notThatContract(expected.id, path) }]);
    }
    chain.push(source);
    const parentId = source.data.extends;
    if (parentId === undefined) break;
    const located = locate(source, ["extends"]);
    if (typeof parentId !== "string" || !CONTRACT_ID.test(parentId)) {
      throw new ContractError([{ ...located, path: "extends", message: "extends must be a contract id (lower-case letters, digits and dashes), not a path" }]);
    }
    const parentPath = files.parentOf(parentId, path);
    if (parentPath === undefined) {
      throw new ContractError([{ ...located, path: "extends", message: `extends "${parentId}", but no such contract was found` }]);
    }
    const seen = chain.find((file) => file.path === parentPath);
    if (seen !== undefined && seen.data.id !== parentId) {
      throw new ContractError([{ ...located, path: "extends", message: notThatContract(parentId, parentPath) }]);
    }
    if (seen !== undefined) {
      const cycle = [...chain.map((s) => fileName(s.path)), fileName(parentPath)].join(" → ");
      throw new ContractError([{ ...located, path: "extends", message: `extends cycle: ${cycle}` }]);
    }
    expected = { id: parentId, from: located };
    path = parentPath;
  }

  // The root file is taken as written; each file above it is a sparse diff over it.
  const root = chain[chain.length - 1]!.data;
  const merged = chain.slice(0, -1).reduceRight((base, source) => mergeDiff(base, source.data), root);
  const parsed = contractFileSchema.safeParse(merged, { reportInput: true });
  const issues = [...prototypeKeys(merged, []), ...(parsed.success ? [] : parsed.error.issues)];
  if (issues.length > 0 || !parsed.success) throw new ContractError(issuesToProblems(issues, chain));
  const file = parsed.data as ContractFile;
  const contract = compileContract(file, (problemPath, message) => ({ ...locateInChain(chain, problemPath), path: problemPath.join("."), message }));
  return { contract, file, chain: chain.map((s) => s.path) };
}

/** What `extends` may name: a contract id, as the schema's `id`; never a path. */
const CONTRACT_ID = /^[a-z0-9][a-z0-9-]*$/;

function notThatContract(id: string, path: string): string {
  return `extends "${id}", but ${path} is not that contract (its id is not ${id})`;
}

/** The last part of a path, for messages. */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/** One contract file's text, parsed as plain data: no tags, few aliases, numbers kept as written. */
export function parseContractSource(path: string, text: string): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, customTags: [] });
  const at = (offset: number) => {
    const position = lines.linePos(offset);
    return { file: path, line: position.line, column: position.col };
  };
  // The first syntax error only: those after it are mostly its echoes.
  const syntaxError = doc.errors[0];
  if (syntaxError) throw new ContractError([{ ...at(syntaxError.pos[0]), message: `YAML: ${yamlErrorMessage(syntaxError, text)}` }]);
  const problems: ContractProblem[] = [];
  let firstAlias: number | undefined;
  visit(doc, {
    Node(_key, node) {
      // Tags ask a YAML library to build objects (some libraries run code for them): a contract file is data only.
      if (node.tag !== undefined) problems.push({ ...at(tagStart(text, node.range?.[0] ?? 0)), message: `YAML: the tag ${shortTag(node.tag)} is not allowed (a contract file is plain data)` });
      if (isAlias(node)) firstAlias ??= node.range?.[0];
      // Keep every number as the digits written, so rates and amounts never pass through a float.
      if (isScalar(node) && (typeof node.value === "number" || typeof node.value === "bigint")) node.value = node.source ?? String(node.value);
    },
  });
  if (problems.length > 0) throw new ContractError(problems);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    if (!(error instanceof ReferenceError) || firstAlias === undefined) throw error;
    throw new ContractError([
      { ...at(firstAlias), message: `YAML: aliases expand to more than ${MAX_ALIAS_EXPANSIONS} copies (an "alias bomb"); write the values out instead` },
    ]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ContractError([{ file: path, line: 1, column: 1, message: "a contract file is a YAML mapping (key: value lines)" }]);
  }
  return { path, doc, lines, data: data as Record<string, unknown> };
}

/** A few aliases are ordinary YAML; thousands of expansions are an attack on memory. */
const MAX_ALIAS_EXPANSIONS = 100;

function yamlErrorMessage(error: YAMLError, text: string): string {
  if (error.code === "DUPLICATE_KEY") return `duplicate key "${keyAt(text, error.pos[0])}" (each key may appear once in a mapping)`;
  if (error.code === "MULTIPLE_DOCS") return "a contract file holds one YAML document (found a second one after ---)";
  if (error.message.includes("Maximum call stack size exceeded")) return "nested too deeply";
  return error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/** The key written at `offset` (the YAML library reports where a duplicate key starts, not what it is). */
function keyAt(text: string, offset: number): string {
  const end = text.indexOf("\n", offset);
  const rest = text.slice(offset, end === -1 ? undefined : end);
  return rest.split(":")[0]!.trim().replace(/^(["'])(.*)\1$/, "$2");
}

/** Where the tag before the value at `offset` begins (the library's ranges start at the value). */
function tagStart(text: string, offset: number): number {
  let start = text.lastIndexOf("!", offset - 1);
  while (start > 0 && text[start - 1] === "!") start--;
  return start >= 0 ? start : offset;
}

function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
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
    } else {
      add(path, issueMessage(issue));
    }
  }
  const unique = new Map(problems.map((problem) => [formatProblem(problem), problem]));
  return [...unique.values()].sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}

/** zod drops a `__proto__` key of a record without a word (to protect itself), so it is reported here. */
function prototypeKeys(value: unknown, path: PathKey[]): z.core.$ZodIssue[] {
  if (value === null || typeof value !== "object") return [];
  const issues: z.core.$ZodIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === "__proto__") issues.push({ code: "unrecognized_keys", keys: [key], path, message: "" });
    else issues.push(...prototypeKeys(child, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return issues;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping (key: value lines)",
  record: "a mapping (key: value lines)",
  array: "a list",
  string: "text",
};

/** zod's own wording speaks of TypeScript types; a contract author reads YAML. */
function issueMessage(issue: z.core.$ZodIssue): string {
  const missing = "input" in issue && issue.input === undefined;
  switch (issue.code) {
    case "invalid_type":
      if (missing) return "is required";
      if (issue.input === null) return "is empty (a value is required)";
      // The schema's own wording wins; zod's default ("Invalid input: expected array…") is replaced.
      return issue.message.startsWith("Invalid input") && TYPE_NAMES[issue.expected] ? `must be ${TYPE_NAMES[issue.expected]}` : issue.message;
    case "invalid_value":
      return missing ? `is required (one of ${issue.values.map(String).join(", ")})` : issue.message;
    case "invalid_union": {
      // A rule without `type`: the discriminator is missing, not wrong.
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      const input = issue.input as Record<string, unknown> | undefined;
      const absent = discriminator !== undefined && (input === undefined || (typeof input === "object" && input?.[discriminator] === undefined));
      return options && absent ? `is required (one of ${options.map(String).join(", ")})` : issue.message;
    }
    case "invalid_key":
      return issue.issues[0]?.message ?? issue.message;
    default:
      return issue.message;
  }
}
