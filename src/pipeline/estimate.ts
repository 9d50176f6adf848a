import { ContractCalculator, chronologicalOrder } from "../engine/calculator.js";
import type { CastList, Title, Usage } from "../domain/inputs.js";
import type { Line } from "../domain/lines.js";
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
export function estimateResiduals(title: Title, rows: readonly Usage[], contractFor: (usage: Usage) => Contract, side: ActorSide): Estimate {
  const cast: CastList | undefined =
    side.tam === undefined ? undefined : new Map([[title.id, [{ titleId: title.id, performerId: ESTIMATE_PERFORMER, tam: side.tam, units: new Dec(1) }]]]);
  const catalogue = new Map([[title.id, title]]);
  const calculators = new Map<Contract, ContractCalculator>();
  const linesByRow = new Map<Usage, Line[]>();
  for (const usage of chronologicalOrder(rows)) {
    const contract = contractFor(usage);
    let calculator = calculators.get(contract);
    if (calculator === undefined) {
      calculator = new ContractCalculator(contract, catalogue, cast);
      calculators.set(contract, calculator);
    }
    linesByRow.set(usage, calculator.linesFor(usage));
  }

  let total = 0n;
  let incomplete = 0;
  let poolsCountedWhole = false;
  const periods = rows.map((usage) => {
    const items = linesByRow.get(usage)!.map((line) => {
      const item = actorItem(line, side.share);
      if (item.yours === undefined) incomplete++;
      else total += item.yours;
      if (line.basis === "distributor_gross" && side.share === undefined && line.status === "payable") poolsCountedWhole = true;
      return item;
    });
    return { usage, contract: contractFor(usage), items };
  });
  return { periods, total, incomplete, poolsCountedWhole };
}

function actorItem(line: Line, share: PoolShare | undefined): EstimateItem {
  if (line.status === "incomplete" || line.amount === undefined) return { line, kind: "none" };
  if (line.rate === undefined) return { line, kind: "none", yours: line.amount };
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
