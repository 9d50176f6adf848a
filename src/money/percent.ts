import { Dec, formatPlain } from "./decimal.js";
import { divideHalfUp, pow10 } from "./scaled.js";

/**
 * A difference as a percentage of its baseline, in units of 10^-places percent (places 2:
 * hundredths, 1234n is 12.34%), rounded once, half-up, from the exact quotient; undefined where
 * the baseline is 0. Both amounts in the same unit (cents over cents is the same ratio). A
 * baseline that corrections made negative is taken by its size: the percentage then has the
 * difference's sign. Every percentage the program shows is this, whatever its decimals:
 * a table's 12.3% is never the rounding of a rounded 12.35%.
 */
export function percentDifference(difference: bigint, baseline: bigint, places: number): bigint | undefined {
  if (baseline === 0n) return undefined;
  return divideHalfUp(difference * pow10(places + 2), baseline < 0n ? -baseline : baseline);
}

/** A part of a whole, exactly: `mine ÷ of` (a fraction is `0.25 ÷ 1`, a percentage `25 ÷ 100`). */
export interface Portion {
  readonly mine: Dec;
  readonly of: Dec;
  /** Written as a percentage ("25%"). */
  readonly percent: boolean;
}

const PORTION = /^(-?(?:\d{1,20}(?:\.\d{1,20})?|\.\d{1,20}))\s?(%?)$/;

/**
 * A share as a person writes it, a fraction ("0.25", ".25") or a percentage ("25%", "12.5 %"),
 * exactly: a percentage is kept as its number over 100, never divided, so nothing is rounded.
 * Undefined for any other text; whether it lies between 0 and 1 is the caller's to say.
 */
export function parsePortion(text: string): Portion | undefined {
  const match = PORTION.exec(text.trim());
  if (match === null) return undefined;
  const percent = match[2] === "%";
  return { mine: new Dec(match[1]!), of: new Dec(percent ? 100 : 1), percent };
}

/** A portion as it was written, normalised: "25%", "0.25". */
export function portionText(portion: Portion): string {
  return portion.percent ? `${formatPlain(portion.mine, 20)}%` : formatPlain(portion.mine, 20);
}
