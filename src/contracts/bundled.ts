import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ContractLibrary } from "./library.js";
import { isContractFileName, loadContract, type LoadedContract } from "./load.js";

/** The `rules/` folder shipped with the package (found from this module, built or not). */
export function bundledRulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "rules"))) return join(dir, "rules");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("the bundled rules/ folder was not found next to the program");
    dir = parent;
  }
}

export function bundledContractIds(): string[] {
  return readdirSync(bundledRulesDir())
    .filter(isContractFileName)
    .map((name) => name.replace(/\.yaml$/, ""))
    .sort();
}

/** A contract id of the bundled library or a path to a contract file. */
export function loadContractRef(ref: string): LoadedContract {
  return loadContract(ref, { bundledDir: bundledRulesDir() });
}

/** The bundled contracts by id, and contract files by path. */
export const bundledLibrary: ContractLibrary = {
  contract: (ref) => loadContractRef(ref).contract,
  all: () => bundledContractIds().map((id) => loadContractRef(id).contract),
};

/** SHA-256 of the resolved terms (keys sorted), so a result can be tied to the exact terms used. */
export function termsDigest(loaded: LoadedContract): string {
  return createHash("sha256").update(canonicalJson(loaded.file)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
