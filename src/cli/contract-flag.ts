import { bundledContractIds, loadContractRef } from "../contracts/bundled.js";
import type { LoadedContract } from "../contracts/load.js";
import { UnknownContractId } from "../contracts/problems.js";
import { UsageError } from "./exit-codes.js";
import { didYouMean } from "./nearest.js";

/**
 * The contract a flag names, by id or file. An id no bundled contract has is a usage error
 * (exit 2) naming the flag, with the nearest ids, or all of them when none is near.
 */
export function contractFromFlag(ref: string, flag = "--contract"): LoadedContract {
  try {
    return loadContractRef(ref);
  } catch (error) {
    if (error instanceof UnknownContractId) throw new UsageError(unknownContract(ref, flag));
    throw error;
  }
}

export function unknownContract(ref: string, flag: string): string {
  const ids = bundledContractIds();
  const hint = didYouMean(ref, ids) || ` (the bundled contracts are ${ids.join(", ")}; a contract file's path ends in .yaml)`;
  return `${flag}: no bundled contract "${ref}"${hint}`;
}
