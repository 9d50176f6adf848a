import { divideHalfUp, pow10, scaledOf, type Scaled } from "./scaled.js";
import type { Dec } from "./decimal.js";

/**
 * amount × count ÷ of (whole counts, of > 0), multiplied before the one division, rounded once,
 * half-up, to `places` decimals: the part of a row's gross a line is computed on, as the `base`
 * column shows it (docs/calculation.md, "Money"). count = of gives the amount itself, rounded.
 */
export function prorate(amount: Scaled, count: number, of: number, places: number): Scaled {
  const numerator = amount.unscaled * BigInt(count) * pow10(places);
  return { unscaled: divideHalfUp(numerator, BigInt(of) * pow10(amount.scale)), scale: places };
}

/** An exact value rounded once, half-up, to `places` decimals at most (kept as it is where it has no more). */
export function roundTo(value: Scaled, places: number): Scaled {
  return value.scale <= places ? value : prorate(value, 1, 1, places);
}

/** A Dec (an applicable minimum, a threshold) rounded as roundTo does. */
export function decRoundedTo(value: Dec, places: number): Scaled {
  return roundTo(scaledOf(value), places);
}

/** Plain decimal text of an exact value, without the point's trailing zeros ("1234.5", "85", "-0.25"). */
export function plainText(value: Scaled): string {
  let { unscaled, scale } = value;
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale--;
  }
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale === 0) return (negative ? "-" : "") + digits;
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  return `${negative ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}
