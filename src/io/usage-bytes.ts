import type { Scaled } from "../engine/cents.js";
import { dayOf, type Day } from "../engine/days.js";
import { MEDIA, type Medium } from "../engine/vocabulary.js";

/**
 * Cells of a plain ledger's row read straight from its UTF-8 bytes, `from` to `end`, without
 * making a string of the row or its cells (a parallel worker reads a million rows this way).
 * Each gives what the text reader gives for the cell's text, or undefined where it cannot tell
 * from the bytes alone; the row is then read as text.
 */

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

const MEDIA_BYTES = MEDIA.map((medium) => new TextEncoder().encode(medium));

/** The medium the cell names exactly, as the vocabulary's own string. */
export function mediumFromBytes(bytes: Uint8Array, from: number, end: number): Medium | undefined {
  for (let index = 0; index < MEDIA_BYTES.length; index++) {
    const name = MEDIA_BYTES[index]!;
    if (name.length !== end - from) continue;
    let same = true;
    for (let i = 0; i < name.length && same; i++) same = name[i] === bytes[from + i];
    if (same) return MEDIA[index];
  }
  return undefined;
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

/** The whole count the cell spells, up to 15 digits (as isPlainCount and Number read its text); else -1. */
export function countFromBytes(bytes: Uint8Array, from: number, end: number): number {
  if (end === from || end - from > 15) return -1;
  return digitsAt(bytes, from, end - from);
}
