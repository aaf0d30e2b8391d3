/**
 * Hand-written ISO-8601 scanner (hot path: no regex, no substrings). Shapes accepted:
 *   extended  YYYY-MM-DD[Tt ]HH:mm[:ss[(.|,)f{1,9}]][zone]
 *   basic     YYYYMMDDTHHmm[ss[(.|,)f{1,9}]][zone]
 *   zone      Z | z | ±HH | ±HHMM | ±HH:MM
 *   date only YYYY-MM-DD, YYYY-MM, YYYYMMDD (reported as imprecise: no hour to place them in)
 * The scanner checks shape only; `resolveFields` checks ranges (month 13 → impossible-date).
 */
import { codeAt, isDigitCode, readDigits } from './chars.js';
import { offsetFromParts } from './fields.js';
import type { DateFields } from './fields.js';

export const ISO_OK = 0;
/** `YYYY-MM-DD` or `YYYYMMDD`: a day, no time. */
export const ISO_DATE_ONLY = 1;
/** `YYYY-MM`: a month. `out.day` is set to 1. */
export const ISO_MONTH_ONLY = 2;
export const ISO_UNPARSEABLE = 3;
export type IsoStatus = typeof ISO_OK | typeof ISO_DATE_ONLY | typeof ISO_MONTH_ONLY | typeof ISO_UNPARSEABLE;

const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const PLUS = 43;

/** Scan `s` (already trimmed) into `out`. */
export function scanIso(s: string, out: DateFields): IsoStatus {
  const len = s.length;
  out.year = readDigits(s, 0, 4);
  if (out.year < 0) return ISO_UNPARSEABLE;
  const basic = codeAt(s, 4) !== DASH;
  let i = basic ? 4 : 5;
  out.month = readDigits(s, i, 2);
  if (out.month < 0) return ISO_UNPARSEABLE;
  i += 2;
  out.hour = out.minute = out.second = out.millisecond = 0;
  out.offsetMs = Number.NaN;
  if (i === len && !basic) {
    out.day = 1;
    return ISO_MONTH_ONLY;
  }
  if (!basic && codeAt(s, i++) !== DASH) return ISO_UNPARSEABLE;
  out.day = readDigits(s, i, 2);
  if (out.day < 0) return ISO_UNPARSEABLE;
  i += 2;
  if (i === len) return ISO_DATE_ONLY;
  const separator = codeAt(s, i++);
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && (basic || separator !== 32)) return ISO_UNPARSEABLE;
  out.hour = readDigits(s, i, 2);
  if (out.hour < 0) return ISO_UNPARSEABLE;
  i += 2;
  if (!basic && codeAt(s, i++) !== COLON) return ISO_UNPARSEABLE;
  out.minute = readDigits(s, i, 2);
  if (out.minute < 0) return ISO_UNPARSEABLE;
  i += 2;
  if (basic ? isDigitCode(codeAt(s, i)) : codeAt(s, i) === COLON) {
    if (!basic) i++;
    out.second = readDigits(s, i, 2);
    if (out.second < 0) return ISO_UNPARSEABLE;
    i += 2;
    const mark = codeAt(s, i);
    if (mark === DOT || mark === COMMA) {
      const end = scanFraction(s, i + 1, out);
      if (end < 0) return ISO_UNPARSEABLE;
      i = end;
    }
  }
  if (i === len) return ISO_OK;
  return scanOffset(s, i, out, true) === len ? ISO_OK : ISO_UNPARSEABLE;
}

/** Read 1–9 fraction digits at `at` into `out.millisecond` (truncated = floored); returns the end or -1. */
export function scanFraction(s: string, at: number, out: DateFields, exactDigits = 0): number {
  let i = at;
  let millisecond = 0;
  while (isDigitCode(codeAt(s, i))) {
    if (i - at < 3) millisecond = millisecond * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  const count = i - at;
  if (count === 0 || count > 9 || (exactDigits > 0 && count !== exactDigits)) return -1;
  out.millisecond = count === 1 ? millisecond * 100 : count === 2 ? millisecond * 10 : millisecond;
  return i;
}

/**
 * Read a zone designator at `at` into `out.offsetMs`; returns the end index or -1.
 * `allowZ`: `Z`/`z` accepted. Accepts ±HH, ±HHMM and ±HH:MM.
 */
export function scanOffset(s: string, at: number, out: DateFields, allowZ: boolean): number {
  const sign = codeAt(s, at);
  if (sign === 90 /* Z */ || sign === 122 /* z */) {
    if (!allowZ) return -1;
    out.offsetMs = 0;
    return at + 1;
  }
  if (sign !== PLUS && sign !== DASH) return -1;
  const hours = readDigits(s, at + 1, 2);
  if (hours < 0) return -1;
  // Minutes are optional; a colon only counts when two digits follow it. The consumed length tells
  // pattern tokens which shape matched: 1 = Z, 3 = ±HH, 5 = ±HHMM, 6 = ±HH:MM.
  let i = at + 3;
  const colon = codeAt(s, i) === COLON;
  const minutes = readDigits(s, colon ? i + 1 : i, 2);
  if (minutes >= 0) i += colon ? 3 : 2;
  out.offsetMs = offsetFromParts(sign === DASH, hours, minutes < 0 ? 0 : minutes);
  return i;
}
