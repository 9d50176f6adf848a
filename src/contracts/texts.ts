import type { ContractLibrary } from "./library.js";
import { parseContractSource, resolveContract, type ContractFiles, type LoadedContract } from "./parse.js";
import { ContractError } from "./problems.js";

/**
 * Contracts from their texts, by id: the browser page bundles the `rules/` files at build time,
 * so it reads no file and fetches nothing. Each contract is compiled once, when first asked for.
 */
export class TextLibrary implements ContractLibrary {
  private readonly loaded = new Map<string, LoadedContract>();
  private readonly files: ContractFiles;

  constructor(private readonly texts: ReadonlyMap<string, string>) {
    this.files = {
      read: (path) => parseContractSource(path, this.texts.get(idOfName(path))!),
      parentOf: (id) => (this.texts.has(id) ? `${id}.yaml` : undefined),
    };
  }

  ids(): string[] {
    return [...this.texts.keys()].sort();
  }

  /** The contract with its resolved file (for its citations and description). */
  load(id: string): LoadedContract {
    let found = this.loaded.get(id);
    if (found === undefined) {
      if (!this.texts.has(id)) throw new ContractError([{ file: id, message: `no bundled contract with id "${id}"` }]);
      found = resolveContract(`${id}.yaml`, this.files);
      this.loaded.set(id, found);
    }
    return found;
  }

  contract(ref: string) {
    return this.load(ref).contract;
  }

  all() {
    return this.ids().map((id) => this.contract(id));
  }
}

function idOfName(name: string): string {
  return name.replace(/\.yaml$/, "");
}
