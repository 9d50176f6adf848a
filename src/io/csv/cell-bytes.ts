import type { Scaled } from "../../money/scaled.js";
import { dayOf, type Day } from "../../domain/days.js";
import { Dec } from "../../money/decimal.js";
import { MEDIA, type Medium } from "../../domain/vocabulary.js";

/**
 * Cells of a plain file's record read straight from its UTF-8 bytes, `from` to `end`, without
 * making a string of the record or its cells (a parallel worker reads a million ledger rows and
 * its share of the catalogue this way). Each gives what the text reader gives for the cell's
 * text, or undefined where it cannot tell from the bytes alone; the record is then read as text.
 */

/**
 * The text of ASCII bytes, `from` to `end`. Up to 12 bytes (ids, most cells) it is made by one
 * String.fromCharCode with the codes as its arguments, some four times faster than Buffer's
 * toString, a call out of JavaScript (measured: 18 ns against 72 for a 7-character id).
 */
export function asciiString(bytes: Buffer, from: number, end: number): string {
  const b = bytes;
  const f = from;
  switch (end - from) {
    case 0: return "";
    case 1: return String.fromCharCode(b[f]!);
    case 2: return String.fromCharCode(b[f]!, b[f + 1]!);
    case 3: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!);
    case 4: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!);
    case 5: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!);
    case 6: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!);
    case 7: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!);
    case 8: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!, b[f + 7]!);
    case 9: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!, b[f + 7]!, b[f + 8]!);
    case 10: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!, b[f + 7]!, b[f + 8]!, b[f + 9]!);
    case 11: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!, b[f + 7]!, b[f + 8]!, b[f + 9]!, b[f + 10]!);
    case 12: return String.fromCharCode(b[f]!, b[f + 1]!, b[f + 2]!, b[f + 3]!, b[f + 4]!, b[f + 5]!, b[f + 6]!, b[f + 7]!, b[f + 8]!, b[f + 9]!, b[f + 10]!, b[f + 11]!);
    default: return b.toString("latin1", from, end);
  }
}

/** parseDay of the cell's text. */
export function dayFromBytes(bytes: Uint8Array, from: number, end: number): Day | undefined {
  if (end - from !== 10 || bytes[from + 4] !== 0x2d || bytes[from + 7] !== 0x2d) return undefined;
  return dayOf(digitsAt(bytes, from, 4), digitsAt(bytes, from + 5, 2), digitsAt(bytes, from + 8, 2));
}

/** The number `count` ASCII digits spell, or -1 if any is not a digit. */
function digitsAt(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = bytes[at]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** parseChoice of the cell's text: the word of `choices` the cell spells exactly, as the list's own string. */
export function choiceFromBytes<T extends string>(choices: readonly T[]): (bytes: Uint8Array, from: number, end: number) => T | undefined {
  const spelled = choices.map((choice) => new TextEncoder().encode(choice));
  return (bytes, from, end) => {
    for (let index = 0; index < spelled.length; index++) {
      const word = spelled[index]!;
      if (word.length !== end - from) continue;
      let same = true;
      for (let i = 0; i < word.length && same; i++) same = word[i] === bytes[from + i];
      if (same) return choices[index];
    }
    return undefined;
  };
}

/** The medium the cell names exactly, as the vocabulary's own string. */
export const mediumFromBytes: (bytes: Uint8Array, from: number, end: number) => Medium | undefined = choiceFromBytes(MEDIA);

const BOOLEAN_WORDS = ["true", "yes", "1", "false", "no", "0"] as const;
const booleanWord = choiceFromBytes(BOOLEAN_WORDS);

/** parseBoolean of the cell's text, for its lower-case words (any other case is read as text). */
export function booleanFromBytes(bytes: Uint8Array, from: number, end: number): boolean | undefined {
  const word = booleanWord(bytes, from, end);
  return word === undefined ? undefined : BOOLEAN_WORDS.indexOf(word) < 3;
}

/** parseMoney and parseDecimal of a cell of digits with an optional decimal part (`1234.56`): its Dec. */
export function plainDecimalFromBytes(bytes: Buffer, from: number, end: number): Dec | undefined {
  return pointOf(bytes, from, end) === NOT_PLAIN ? undefined : sharedDec(asciiString(bytes, from, end));
}

const NOT_PLAIN = -2;

/**
 * Where the point of a cell of plain decimal text (digits, and at most one point with digits on
 * both sides) is: -1 where it has none; NOT_PLAIN for any other cell.
 */
function pointOf(bytes: Uint8Array, from: number, end: number): number {
  let point = -1;
  for (let at = from; at < end; at++) {
    const code = bytes[at]!;
    if (code === 0x2e && point < 0 && at > from && at < end - 1) point = at;
    else if (code < 0x30 || code > 0x39) return NOT_PLAIN;
  }
  return point;
}

/**
 * Decs by their text, so that equal amounts share one (Decs never change). A catalogue repeats a
 * few applicable minimums over thousands of titles: each is made once, and what is worked out
 * once per Dec (its scaled integer, for one) serves them all. Bounded, as distinct amounts such
 * as budgets would otherwise pile up: past the bound all are forgotten.
 */
const decsByText = new Map<string, Dec>();
const DECS_KEPT = 4096;

function sharedDec(text: string): Dec {
  let dec = decsByText.get(text);
  if (dec === undefined) {
    if (decsByText.size >= DECS_KEPT) decsByText.clear();
    dec = new Dec(text);
    decsByText.set(text, dec);
  }
  return dec;
}

/** parsePositiveCount of the cell's text, up to 15 digits (more are read as text). */
export function positiveCountFromBytes(bytes: Uint8Array, from: number, end: number): number | undefined {
  const count = countFromBytes(bytes, from, end);
  return count > 0 ? count : undefined;
}

/** parseScaled of the cell's text, where it has at most 15 digits (a number holds them exactly). */
export function scaledFromBytes(bytes: Uint8Array, from: number, end: number): Scaled | undefined {
  const length = end - from;
  if (length === 0) return undefined;
  let dot = -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const code = bytes[from + i]!;
    if (code === 0x2e && dot < 0 && i > 0 && i < length - 1) dot = i;
    else if (code < 0x30 || code > 0x39) return undefined;
    else value = value * 10 + (code - 0x30);
  }
  if ((dot < 0 ? length : length - 1) > 15) return undefined;
  return { unscaled: BigInt(value), scale: dot < 0 ? 0 : length - dot - 1 };
}

/**
 * parseScaledMoney of the cell's text where scaledFromBytes reads it: the same amount, its
 * decimals' trailing zeros left off as a Dec leaves them ("2500.50" is 25005 × 10^-1).
 */
export function moneyFromBytes(bytes: Uint8Array, from: number, end: number): Scaled | undefined {
  const point = pointOf(bytes, from, end);
  if (point === NOT_PLAIN || end === from || end - from - (point < 0 ? 0 : 1) > 15) return undefined;
  if (point < 0) return { unscaled: BigInt(digitsAt(bytes, from, end - from)), scale: 0 };
  let stop = end;
  while (bytes[stop - 1] === 0x30) stop--;
  if (stop === point + 1) stop = point;
  const scale = stop > point ? stop - point - 1 : 0;
  // Its own object, not scaledFromBytes': V8 keeps where an object is made, and objects that
  // outlive their row (a cast's) made where a row's gross is would have it make each row's
  // gross among the long-lived ones, whose collection is the costly one.
  return { unscaled: BigInt(digitsAt(bytes, from, point - from) * 10 ** scale + (scale > 0 ? digitsAt(bytes, point + 1, scale) : 0)), scale };
}

/** The whole count the cell spells, up to 15 digits (as isPlainCount and Number read its text); else -1. */
export function countFromBytes(bytes: Uint8Array, from: number, end: number): number {
  if (end === from || end - from > 15) return -1;
  return digitsAt(bytes, from, end - from);
}

/** Whether a cell's bytes are ASCII with nothing trim would take off (its text is then its bytes, as they are). */
export function isCleanAscii(bytes: Buffer, from: number, end: number): boolean {
  if (isAsciiSpace(bytes[from]!) || isAsciiSpace(bytes[end - 1]!)) return false;
  for (let at = from; at < end; at++) if (bytes[at]! > 0x7f) return false;
  return true;
}

/** What String.prototype.trim takes off, within ASCII. */
export function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}
