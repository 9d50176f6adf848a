import type { Day } from "../engine/days.js";
import type { Contract } from "../engine/terms.js";
import type { Guild } from "../engine/vocabulary.js";

export interface InForce {
  readonly contract: Contract;
  /** The day is after the contract's term: it stays in force because no successor has started. */
  readonly pastItsTerm: boolean;
}

/**
 * The ratified contract of a guild in force on a day: of those that started on or before it, the
 * one that started last. An expired contract stays in force until its successor starts.
 * Undefined when none had started yet.
 */
export function contractInForce(contracts: readonly Contract[], guild: Guild, day: Day): InForce | undefined {
  let found: Contract | undefined;
  for (const contract of contracts) {
    if (contract.guild !== guild || contract.status !== "ratified" || contract.term.from > day) continue;
    if (found === undefined || contract.term.from > found.term.from) found = contract;
  }
  if (found === undefined) return undefined;
  return { contract: found, pastItsTerm: found.term.to !== undefined && day > found.term.to };
}

/** The guild's first ratified contract, to say when coverage starts. */
export function earliestRatified(contracts: readonly Contract[], guild: Guild): Contract | undefined {
  return contracts
    .filter((contract) => contract.guild === guild && contract.status === "ratified")
    .sort((a, b) => a.term.from - b.term.from)[0];
}
