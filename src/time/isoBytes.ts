/**
 * The ISO-8601 scanner of iso.ts, over the UTF-8 bytes of a JSON string instead of a JS string
 * (hot path: the event time is read without building a string). It accepts exactly the shapes
 * `scanIso` accepts with a time of day, and fills `out` the same way:
 *   extended  YYYY-MM-DD[Tt ]HH:mm[:ss[(.|,)f{1,9}]][zone]
 *   basic     YYYYMMDDTHHmm[ss[(.|,)f{1,9}]][zone]
 *   zone      Z | z | ±HH | ±HHMM | ±HH:MM
 * Anything else (date-only values, surrounding spaces, non-ASCII bytes) returns false and is left
 * to the string parser, which also knows why a value fails. A test checks both agree.
 */
import { offsetFromParts } from './fields.js';
import type { DateFields } from './fields.js';

const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const PLUS = 43;

/** Value of the two ASCII digits at `at` (both before `end`), or -1. */
function digits2(b: Uint8Array, at: number, end: number): number {
  if (at + 2 > end) return -1;
  const h = b[at]! - 48;
  const l = b[at + 1]! - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

/** Scan `b[start, end)`; true when it is an ISO date with a time of day, fields in `out`. */
export function scanIsoBytes(b: Uint8Array, start: number, end: number, out: DateFields): boolean {
  if (start + 4 >= end) return false;
  const century = digits2(b, start, end);
  const yy = digits2(b, start + 2, end);
  if (century < 0 || yy < 0) return false;
  const year = century * 100 + yy;
  const basic = b[start + 4] !== DASH;
  let i = basic ? start + 4 : start + 5;
  const month = digits2(b, i, end);
  if (month < 0) return false;
  i += 2;
  if (!basic) {
    if (i >= end || b[i] !== DASH) return false;
    i++;
  }
  const day = digits2(b, i, end);
  if (day < 0) return false;
  i += 2;
  if (i >= end) return false; // a date without a time: the string parser reports it
  const separator = b[i++];
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && (basic || separator !== 32)) return false;
  const hour = digits2(b, i, end);
  if (hour < 0) return false;
  i += 2;
  if (!basic) {
    if (i >= end || b[i] !== COLON) return false;
    i++;
  }
  const minute = digits2(b, i, end);
  if (minute < 0) return false;
  i += 2;
  let second = 0;
  let millisecond = 0;
  if (i < end && (basic ? b[i]! >= 48 && b[i]! <= 57 : b[i] === COLON)) {
    if (!basic) i++;
    second = digits2(b, i, end);
    if (second < 0) return false;
    i += 2;
    if (i < end && (b[i] === DOT || b[i] === COMMA)) {
      const at = ++i;
      while (i < end && b[i]! >= 48 && b[i]! <= 57) {
        if (i - at < 3) millisecond = millisecond * 10 + (b[i]! - 48);
        i++;
      }
      const count = i - at;
      if (count === 0 || count > 9) return false;
      if (count === 1) millisecond *= 100;
      else if (count === 2) millisecond *= 10;
    }
  }
  let offsetMs = Number.NaN;
  if (i < end) {
    const sign = b[i];
    if (sign === 90 /* Z */ || sign === 122 /* z */) {
      offsetMs = 0;
      i++;
    } else {
      if (sign !== PLUS && sign !== DASH) return false;
      const hours = digits2(b, i + 1, end);
      if (hours < 0) return false;
      i += 3;
      const colon = i < end && b[i] === COLON;
      const minutes = digits2(b, colon ? i + 1 : i, end);
      if (minutes >= 0) i += colon ? 3 : 2;
      offsetMs = offsetFromParts(sign === DASH, hours, minutes < 0 ? 0 : minutes);
    }
    if (i !== end) return false;
  }
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.millisecond = millisecond;
  out.offsetMs = offsetMs;
  return true;
}
