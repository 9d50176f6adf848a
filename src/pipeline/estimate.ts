import { ContractCalculator, chronologicalOrder } from "../engine/calculator.js";
import type { CastList, Services, Title, Usage } from "../domain/inputs.js";
import { isCounted, isUncomputed, type Line } from "../domain/lines.js";
import { pow10, roundToCents, scaledFromDec, scaledOf } from "../money/scaled.js";
import { Dec } from "../money/decimal.js";
import type { Contract } from "../domain/terms.js";
import type { ActorSide, Estimate, EstimateItem, PoolShare } from "../domain/estimate.js";
import type { RevenueRule } from "../rule-kinds/revenue/revenue.js";

export type { ActorSide, Estimate, EstimateItem, EstimatePeriod, PoolShare } from "../domain/estimate.js";

/** The one performer of an estimate: allocation units 1, so every pool reaches them whole before their share. */
export const ESTIMATE_PERFORMER = "you";

/**
 * One actor's residuals for one title: the usage rows go through the engine under the contract
 * each is assigned (chronologically, one calculator per contract, so each contract counts fixed
 * periods and tiers over its own rows), then pooled amounts are cut to the actor's share.
 * `grossMissing`: the rows whose distributor's gross the person did not give (see GrossMissing).
 */
export function estimateResiduals(
  title: Title,
  rows: readonly Usage[],
  contractFor: (usage: Usage) => Contract,
  side: ActorSide,
  services?: Services,
  grossMissing: ReadonlySet<Usage> = new Set(),
): Estimate {
  const cast: CastList | undefined =
    side.tam === undefined ? undefined : new Map([[title.id, [{ titleId: title.id, performerId: ESTIMATE_PERFORMER, tam: scaledFromDec(side.tam), units: new Dec(1) }]]]);
  const catalogue = new Map([[title.id, title]]);
  const calculators = new Map<Contract, ContractCalculator>();
  const linesByRow = new Map<Usage, Line[]>();
  const missing = new GrossMissing(rows, grossMissing);
  for (const usage of chronologicalOrder(rows)) {
    const contract = contractFor(usage);
    let calculator = calculators.get(contract);
    if (calculator === undefined) {
      calculator = new ContractCalculator(contract, catalogue, cast, services ? { services } : undefined);
      calculators.set(contract, calculator);
    }
    linesByRow.set(usage, missing.lines(usage, contract, calculator.linesFor(usage)));
  }

  let total = 0n;
  let pool = 0n;
  let own = 0n;
  let incomplete = 0;
  let notModelled = 0;
  let poolsCountedWhole = false;
  const periods = rows.map((usage) => {
    const items = linesByRow.get(usage)!.map((line) => {
      const item = actorItem(line, side.share);
      if (line.status === "not-modelled") notModelled++;
      else if (item.yours === undefined) incomplete++;
      else total += item.yours;
      if (item.kind === "own") own += item.yours!;
      if (item.kind === "pool") pool += item.pool!;
      // A percentage of gross whose gross is missing would be a pool too: the total is not the person's alone.
      const grossPool = line.status === "incomplete" && line.missing === "distributor_gross";
      if (side.share === undefined && ((item.kind === "pool" && line.basis !== "applicable_minimum" && isCounted(line.status)) || grossPool)) poolsCountedWhole = true;
      return item;
    });
    return { usage, contract: contractFor(usage), items, grossMissing: grossMissing.has(usage) };
  });
  return { periods, total, pool, own, incomplete, notModelled, poolsCountedWhole };
}

/**
 * Rows whose distributor's gross was not given: their percentages of gross are `incomplete`
 * lines naming the gross, never 0.00, while their other lines (fixed residuals, bonuses) stand.
 * Where a rate depends on the title's cumulative gross (money tiers), the rule's later rows on
 * the medium are incomplete too: the band they fall in is unknown. Rows come chronologically.
 */
class GrossMissing {
  private readonly periodOf: ReadonlyMap<Usage, number>;
  /** Per contract, rule and medium of a money-tiered rule: the first period whose gross is unknown. */
  private readonly unknownFrom = new Map<string, number>();

  constructor(rows: readonly Usage[], private readonly missing: ReadonlySet<Usage>) {
    this.periodOf = new Map(rows.map((usage, index) => [usage, index + 1]));
  }

  lines(usage: Usage, contract: Contract, lines: Line[]): Line[] {
    if (this.missing.size === 0) return lines;
    const rowMissing = this.missing.has(usage);
    return lines.map((line) => {
      if (line.basis !== "distributor_gross" || isUncomputed(line.status)) return line;
      const needed = line.ruleNote;
      const tiered = moneyTiered(contract, line.rule);
      const key = `${contract.id}\u0000${line.rule}\u0000${usage.medium}`;
      if (rowMissing) {
        if (tiered && !this.unknownFrom.has(key)) this.unknownFrom.set(key, this.periodOf.get(usage)!);
        return grossMissingLine(line, `distributor_gross is missing (needed for ${needed})`);
      }
      const from = tiered ? this.unknownFrom.get(key) : undefined;
      if (from === undefined) return line;
      return grossMissingLine(line, `distributor_gross of period ${from} is missing (needed for ${needed}: the rate depends on the title's cumulative distributor's gross)`);
    });
  }
}

function grossMissingLine(line: Line, note: string): Line {
  return { ...line, status: "incomplete", amount: undefined, gross: undefined, part: undefined, share: undefined, missing: "distributor_gross", note };
}

function moneyTiered(contract: Contract, ruleId: string): boolean {
  const rule = contract.rules.find((candidate) => candidate.id === ruleId);
  return rule?.type === "revenue" && (rule as RevenueRule).tiers?.counter === "distributor_gross";
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
