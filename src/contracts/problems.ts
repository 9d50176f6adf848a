/** A problem in a contract file, located as precisely as the file allows. */
export interface ContractProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Dotted key path inside the file, e.g. `rules.tv-est.tiers.bands.0.rate.value`. */
  readonly path?: string;
  readonly message: string;
}

export function formatProblem(problem: ContractProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Thrown when a contract cannot be used; carries every problem found, in file order. */
export class ContractError extends Error {
  constructor(readonly problems: readonly ContractProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ContractError";
  }
}

/** A contract named by an id that no bundled contract has (a mistyped id, most often). */
export class UnknownContractId extends ContractError {
  constructor(readonly id: string) {
    super([{ file: id, message: `no bundled contract with id "${id}" (see: residuals contracts list)` }]);
  }
}
