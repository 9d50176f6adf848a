import { Decimal } from "decimal.js";
import { groupThousands } from "./grouping.js";

/**
 * The one Decimal constructor the project uses: 40 significant digits (the spec asks for at
 * least 20), half-up rounding. A private clone, so no other code's Decimal settings leak in.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

export function formatCents(amount: Dec): string {
  return amount.toFixed(2, Dec.ROUND_HALF_UP);
}

/** Plain decimal text with at most `places` decimals and no trailing zeros (never exponent notation). */
export function formatPlain(value: Dec, places = 6): string {
  const text = value.toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed();
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** "2,833.33"-style text for explanations. */
export function formatMoney(value: Dec): string {
  return groupThousands(value.toFixed(2, Dec.ROUND_HALF_UP));
}

const percentCache = new WeakMap<Dec, string>();

/** A rate as a percentage for notes: 0.0108 → "1.08%" (rates are few and shared, so cached). */
export function formatPercent(rate: Dec): string {
  let text = percentCache.get(rate);
  if (text === undefined) {
    text = `${formatPlain(rate.times(100), 6)}%`;
    percentCache.set(rate, text);
  }
  return text;
}
