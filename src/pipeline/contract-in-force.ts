import type { Day } from "../domain/days.js";
import type { Contract } from "../domain/terms.js";
import { GUILD_LINEAGE, type Guild } from "../domain/vocabulary.js";
import type { InForce } from "../domain/estimate.js";

export type { InForce } from "../domain/estimate.js";

/** Whether a contract is a ratified one a member of `guild` works under (SAG's after 2012: SAG-AFTRA's). */
function isGuilds(contract: Contract, guild: Guild): boolean {
  return contract.status === "ratified" && GUILD_LINEAGE[guild].includes(contract.guild);
}

/**
 * The ratified contract of a guild in force on a day: of those that started on or before it, the
 * one that started last. An expired contract stays in force until its successor starts.
 * Undefined when none had started yet.
 */
export function contractInForce(contracts: readonly Contract[], guild: Guild, day: Day): InForce | undefined {
  let found: Contract | undefined;
  let last: Contract | undefined;
  for (const contract of contracts) {
    if (!isGuilds(contract, guild)) continue;
    if (last === undefined || contract.term.from > last.term.from) last = contract;
    if (contract.term.from > day) continue;
    if (found === undefined || contract.term.from > found.term.from) found = contract;
  }
  if (found === undefined) return undefined;
  const pastItsTerm = found.term.to !== undefined && day > found.term.to;
  return { contract: found, pastItsTerm, pastLibrary: pastItsTerm && found === last };
}

/** The guild's first ratified contract, to say when coverage starts. */
export function earliestRatified(contracts: readonly Contract[], guild: Guild): Contract | undefined {
  return contracts.filter((contract) => isGuilds(contract, guild)).sort((a, b) => a.term.from - b.term.from)[0];
}

