import type { Contract } from "../domain/terms.js";

/** Where contracts come from: files and the bundled folder (command line), or texts built into the page. */
export interface ContractLibrary {
  /** A contract by id (or, where the library allows it, a file path); throws a ContractError when there is none. */
  contract(ref: string): Contract;
  /** Every contract of the library, for choosing by date. */
  all(): readonly Contract[];
}
