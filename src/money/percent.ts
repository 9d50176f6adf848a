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
