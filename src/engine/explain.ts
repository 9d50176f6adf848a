import { centsGrouped, centsOf, centsText } from "../money/scaled.js";
import { formatMoney, formatPercent, formatPlain } from "../money/decimal.js";
import { groupThousands } from "../money/grouping.js";
import { isUncomputed, type Line } from "../domain/lines.js";

/**
 * The arithmetic of a line in words, e.g.
 * `3% × applicable minimum 2,833.33 = 85.00 (fixed period 1 of 2 after the 17-day window …)`.
 * Derived from the line's own fields, so it can never disagree with the amount.
 */
export function explainLine(line: Line): string {
  if (line.amount === undefined || isUncomputed(line.status)) return line.note;
  if (line.rate === undefined) {
    // A fixed amount (a bonus) as a pool, or a zero line.
    if (line.status === "zero") return line.note;
    const pool = line.share ? `${centsGrouped(line.share.pool)}; share by units ${formatCount(formatPlain(line.share.units))} of ${formatCount(formatPlain(line.share.totalUnits))} = ` : "";
    return `fixed amount ${pool}${centsText(line.amount)} (${line.note})`;
  }
  const rate = formatPercent(line.rate);
  let arithmetic: string;
  if (line.basis === "applicable_minimum") {
    const whose = line.minimum === "tam" ? "performer's TAM" : "residual base";
    arithmetic = `${rate} × applicable minimum (${whose}) ${formatMoney(line.applicableMinimum!)}`;
  } else {
    arithmetic = `${rate} × distributor's gross ${centsGrouped(centsOf(line.gross!))}`;
    if (line.part) arithmetic += ` × ${formatCount(String(line.part.count))} ÷ ${formatCount(String(line.part.of))} ${line.part.unit}`;
  }
  if (line.share) {
    const { pool, units, totalUnits } = line.share;
    arithmetic += ` = pool ${centsGrouped(pool)}; share by units ${formatCount(formatPlain(units))} of ${formatCount(formatPlain(totalUnits))}`;
  }
  return `${arithmetic} = ${centsText(line.amount!)} (${line.note})`;
}

/** Days, units (as plain decimal text): digits grouped by thousands (40,000), decimals kept as they are. */
const formatCount = groupThousands;
