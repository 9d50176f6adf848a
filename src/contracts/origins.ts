import { readFileSync } from "node:fs";
import { parse } from "yaml";

type Key = string | number;

/** One file of an `extends` chain as written: its id and its (sparse) data. */
interface ChainFile {
  readonly id: string;
  readonly data: unknown;
}

/** A key that a diff file removes from what it inherits (`key: null`). */
export interface Removal {
  readonly path: string;
  /** The file that removes it. */
  readonly by: string;
}

/**
 * Which file of a contract's `extends` chain each term comes from, so `contracts show` can say
 * "inherited from amptp-2008-sag-final-offer". Follows the merge rules of contracts/merge.ts:
 * maps merge key by key, anything else replaces whole, null removes.
 */
export class ContractOrigins {
  private readonly files: readonly ChainFile[];

  /** `chain`: the named file first, then its ancestors (LoadedContract.chain). */
  constructor(chain: readonly string[]) {
    this.files = chain.map((path) => {
      const data: unknown = parse(readFileSync(path, "utf8"));
      const id = isMap(data) && typeof data.id === "string" ? data.id : path;
      return { id, data };
    });
  }

  /** Where the term at `path` comes from: the named file (`here`) and/or the ids of ancestors. */
  origin(path: readonly Key[]): { readonly here: boolean; readonly inherited: string[] } {
    const indexes = contributors(this.files.map((file) => file.data), path);
    return { here: indexes.has(0), inherited: this.idsOf(indexes) };
  }

  /** Every key that a file of the chain (other than the root) removes with `null`. */
  removals(): Removal[] {
    const removals: Removal[] = [];
    this.files.slice(0, -1).forEach((file) => {
      const walk = (value: unknown, path: Key[]) => {
        if (value === null) removals.push({ path: path.join("."), by: file.id });
        else if (isMap(value)) for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
      };
      walk(file.data, []);
    });
    return removals;
  }

  private idsOf(indexes: ReadonlySet<number>): string[] {
    return [...indexes].filter((index) => index > 0).sort((a, b) => a - b).map((index) => this.files[index]!.id);
  }
}

/** Indexes of the files whose values survive the merge at `path`. */
function contributors(datas: readonly unknown[], path: readonly Key[]): Set<number> {
  const values = datas.map((data) => valueAt(data, path));
  const first = values.findIndex((value) => value !== undefined);
  if (first < 0) return new Set();
  // A removal (`null`) is written by its file, and nothing inherited survives it.
  if (values[first] === null) return new Set([first]);
  if (!isMap(values[first])) return new Set([first]);
  // Consecutive maps merge; an ancestor's scalar or null below them is replaced or cuts the rest.
  let stop = first + 1;
  while (stop < values.length && (values[stop] === undefined || isMap(values[stop]))) stop++;
  const result = new Set<number>();
  const keys = new Set<string>();
  for (let index = first; index < stop; index++) {
    const value = values[index];
    if (isMap(value)) for (const key of Object.keys(value)) keys.add(key);
  }
  const merged = datas.map((data, index) => (index >= first && index < stop ? valueAt(data, path) : undefined));
  for (const key of keys) for (const index of contributors(merged, [key])) result.add(index);
  return result;
}

function valueAt(data: unknown, path: readonly Key[]): unknown {
  let value = data;
  for (const key of path) {
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isMap(value)) value = value[String(key)];
    else return undefined;
  }
  return value;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
