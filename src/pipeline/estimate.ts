import { ContractCalculator, chronologicalOrder } from "../engine/calculator.js";
import type { CastList, Services, Title, Usage } from "../domain/inputs.js";
import { isCounted, isUncomputed, type Line } from "../domain/lines.js";
import { pow10, roundToCents, scaledOf } from "../money/scaled.js";
import { Dec } from "../money/decimal.js";
import type { Contract } from "../domain/terms.js";
import type { ActorSide, Estimate, EstimateItem, PoolShare } from "../domain/estimate.js";

export type { ActorSide, Estimate, EstimateItem, EstimatePeriod, PoolShare } from "../domain/estimate.js";

/** The one performer of an estimate: allocation units 1, so every pool reaches them whole before their share. */
export const ESTIMATE_PERFORMER = "you";

/**
 * One actor's residuals for one title: the usage rows go through the engine under the contract
 * each is assigned (chronologically, one calculator per contract, so each contract counts fixed
 * periods and tiers over its own rows), then pooled amounts are cut to the actor's share.
 */
export function estimateResiduals(title: Title, rows: readonly Usage[], contractFor: (usage: Usage) => Contract, side: ActorSide, services?: Services): Estimate {
  const cast: CastList | undefined =
    side.tam === undefined ? undefined : new Map([[title.id, [{ titleId: title.id, performerId: ESTIMATE_PERFORMER, tam: side.tam, units: new Dec(1) }]]]);
  const catalogue = new Map([[title.id, title]]);
  const calculators = new Map<Contract, ContractCalculator>();
  const linesByRow = new Map<Usage, Line[]>();
  for (const usage of chronologicalOrder(rows)) {
    const contract = contractFor(usage);
    let calculator = calculators.get(contract);
    if (calculator === undefined) {
      calculator = new ContractCalculator(contract, catalogue, cast, services ? { services } : undefined);
      calculators.set(contract, calculator);
    }
    linesByRow.set(usage, calculator.linesFor(usage));
  }

  let total = 0n;
  let incomplete = 0;
  let notModelled = 0;
  let poolsCountedWhole = false;
  const periods = rows.map((usage) => {
    const items = linesByRow.get(usage)!.map((line) => {
      const item = actorItem(line, side.share);
      if (line.status === "not-modelled") notModelled++;
      else if (item.yours === undefined) incomplete++;
      else total += item.yours;
      if (item.kind === "pool" && line.basis !== "applicable_minimum" && side.share === undefined && isCounted(line.status)) poolsCountedWhole = true;
      return item;
    });
    return { usage, contract: contractFor(usage), items };
  });
  return { periods, total, incomplete, notModelled, poolsCountedWhole };
}

function actorItem(line: Line, share: PoolShare | undefined): EstimateItem {
  if (isUncomputed(line.status) || line.amount === undefined) return { line, kind: "none" };
  // Without a rate: nothing due, or a fixed amount (a bonus), which is a title pool.
  if (line.rate === undefined && !isCounted(line.status)) return { line, kind: "none", yours: line.amount };
  const own = line.basis === "applicable_minimum" && line.minimum === "tam";
  if (own) return { line, kind: "own", yours: line.amount };
  const pool = line.share?.pool ?? line.amount;
  const yours = share === undefined ? pool : shareOfPool(pool, share);
  return { line, kind: "pool", pool, yours };
}

/** pool × mine ÷ of: multiplied before dividing, then rounded once, half-up, to cents (docs/calculation.md, "Money"). */
function shareOfPool(pool: bigint, share: PoolShare): bigint {
  const mine = scaledOf(share.mine);
  const of = scaledOf(share.of);
  // pool is in hundredths; mine and of in their own scales: bring of's scale up into the numerator.
  return roundToCents(pool * mine.unscaled * pow10(of.scale), 2 + mine.scale, of.unscaled);
}
