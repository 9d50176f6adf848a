import { Dec } from "./decimal.js";
import { groupThousands } from "./grouping.js";

/**
 * Exact money in integers, for the per-line arithmetic: amounts are whole cents (`bigint`),
 * and an exact decimal is a scaled integer, value = unscaled × 10^-scale. Rates and other
 * exact values stay Decs; those shared by many lines are converted once each (scaledOf).
 */
export interface Scaled {
  readonly unscaled: bigint;
  readonly scale: number;
}

export const ZERO_SCALED: Scaled = { unscaled: 0n, scale: 0 };

const POWERS_OF_TEN: bigint[] = [1n];
/** 10^exponent (exponent ≥ 0), each power made once. */
export function pow10(exponent: number): bigint {
  while (POWERS_OF_TEN.length <= exponent) POWERS_OF_TEN.push(POWERS_OF_TEN[POWERS_OF_TEN.length - 1]! * 10n);
  return POWERS_OF_TEN[exponent]!;
}

/** Plain decimal text ("1234.5": digits, optionally a point and more digits) as a Scaled; undefined for anything else. */
export function parseScaled(text: string): Scaled | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  let dot = -1;
  // The digits' value as a number too: exact up to 15 digits, where it saves parsing a string
  // as a bigint (a ledger row's gross, read on every row).
  let value = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 && dot < 0 && i > 0 && i < length - 1) dot = i;
    else if (code < 48 || code > 57) return undefined;
    else value = value * 10 + (code - 48);
  }
  if ((dot < 0 ? length : length - 1) <= 15) return { unscaled: BigInt(value), scale: dot < 0 ? 0 : length - dot - 1 };
  if (dot < 0) return { unscaled: BigInt(text), scale: 0 };
  return { unscaled: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: length - dot - 1 };
}

/** A Dec as a Scaled, exactly (any finite Dec). */
export function scaledFromDec(value: Dec): Scaled {
  const text = value.toFixed();
  const negative = text.startsWith("-");
  const magnitude = parseScaled(negative ? text.slice(1) : text);
  if (magnitude === undefined) throw new Error(`not a finite decimal: ${text}`);
  return negative ? { unscaled: -magnitude.unscaled, scale: magnitude.scale } : magnitude;
}

/** `convert` for values shared by many lines: each converted once, kept while the value lives. */
function keptOnce<From extends object, To>(convert: (value: From) => To): (value: From) => To {
  const kept = new WeakMap<From, To>();
  return (value) => {
    let converted = kept.get(value);
    if (converted === undefined) {
      converted = convert(value);
      kept.set(value, converted);
    }
    return converted;
  };
}

/** scaledFromDec for values shared by many lines (rates, thresholds, applicable minimums): converted once each. */
export const scaledOf: (value: Dec) => Scaled = keptOnce(scaledFromDec);

/** A Scaled as a Dec, exactly: where Dec arithmetic or formatting is wanted (explanations, prorated bases). */
export function decOf(value: Scaled): Dec {
  return new Dec(value.scale === 0 ? value.unscaled.toString() : `${value.unscaled}e-${value.scale}`);
}

/** decOf for values shared by many lines (a performer's TAM, on each of a title's rows): converted once each. */
export const decOfShared: (value: Scaled) => Dec = keptOnce(decOf);

/** The unscaled integer of `value` at `scale` (≥ its own scale). */
export function aligned(value: Scaled, scale: number): bigint {
  return value.scale === scale ? value.unscaled : value.unscaled * pow10(scale - value.scale);
}

export function addScaled(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: aligned(a, scale) + aligned(b, scale), scale };
}

export function subtractScaled(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: aligned(a, scale) - aligned(b, scale), scale };
}

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compareScaled(a: Scaled, b: Scaled): number {
  const scale = Math.max(a.scale, b.scale);
  const difference = aligned(a, scale) - aligned(b, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** numerator ÷ divisor rounded half-up (halves away from zero, as Dec.ROUND_HALF_UP); divisor > 0. */
export function divideHalfUp(numerator: bigint, divisor: bigint): bigint {
  if (divisor <= 0n) throw new RangeError("divideHalfUp: the divisor must be positive");
  if (divisor === 1n) return numerator;
  const twice = 2n * divisor;
  return numerator >= 0n ? (2n * numerator + divisor) / twice : -((-2n * numerator + divisor) / twice);
}

/** numerator × 10^-scale ÷ divisor, rounded once, half-up, to cents. */
export function roundToCents(numerator: bigint, scale: number, divisor = 1n): bigint {
  return scale >= 2 ? divideHalfUp(numerator, divisor * pow10(scale - 2)) : divideHalfUp(numerator * pow10(2 - scale), divisor);
}

/** A value rounded half-up to cents. */
export function centsOf(value: Scaled): bigint {
  return roundToCents(value.unscaled, value.scale);
}

/**
 * The amount of a line: rate × amount × count ÷ of, rounded once, half-up, to cents. Everything
 * is multiplied first, so the one division comes last and nothing is rounded before it.
 * `count` and `of` are whole days or units (of > 0).
 */
export function productCents(rate: Scaled, amount: Scaled, count = 1, of = 1): bigint {
  let numerator = rate.unscaled * amount.unscaled;
  if (count !== 1) numerator *= BigInt(count);
  return roundToCents(numerator, rate.scale + amount.scale, of === 1 ? 1n : BigInt(of));
}

/** Cents as "1234.56" ("-0.05" when negative). */
export function centsText(cents: bigint): string {
  const negative = cents < 0n;
  let digits = (negative ? -cents : cents).toString();
  if (digits.length < 3) digits = (digits.length === 1 ? "00" : "0") + digits;
  const split = digits.length - 2;
  return `${negative ? "-" : ""}${digits.slice(0, split)}.${digits.slice(split)}`;
}

/** Cents as "2,833.33"-style text, thousands grouped. */
export function centsGrouped(cents: bigint): string {
  return groupThousands(centsText(cents));
}

/** Cents as dollars, "$2,833.33" ("-$5.00" when negative). */
export function dollarsGrouped(cents: bigint): string {
  return cents < 0n ? `-$${centsGrouped(-cents)}` : `$${centsGrouped(cents)}`;
}

/** A count as "1,004,819"-style text, thousands grouped as amounts are. */
export function countGrouped(count: number | bigint): string {
  return groupThousands(String(count));
}

/** "1234.56", "1234.5" or "1234" as cents; anything with more than two decimals, or not plain decimal text, throws. */
export function parseCents(text: string): bigint {
  const negative = text.startsWith("-");
  const value = parseScaled(negative ? text.slice(1) : text);
  if (value === undefined || value.scale > 2) throw new Error(`not an amount in cents: "${text}"`);
  const cents = aligned(value, 2);
  return negative ? -cents : cents;
}
