import type { Day } from "../domain/days.js";
import type { Contract } from "../domain/terms.js";
import type { Guild } from "../domain/vocabulary.js";
import type { InForce } from "../domain/estimate.js";

export type { InForce } from "../domain/estimate.js";

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
