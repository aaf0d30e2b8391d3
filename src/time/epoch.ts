/**
 * Exact epoch arithmetic on the decimal text of a number. A double holds integers exactly only up
 * to 2^53 ≈ 9.007e15, while epoch nanoseconds are ~1.6e18: `Number("1587380399999999999")` rounds
 * to …400000000000 and would move the record into the next hour. So the value is never converted to
 * a double before it is scaled to ms: digits are read from the text, the decimal point is shifted
 * (exponent + unit), and the result is floored towards −∞. Exponent forms (`1.5874e9`) are handled
 * by the same exact shift, so they are exact in every unit. No allocation.
 */
import { codeAt, isDigitCode as isDigit } from './chars.js';
import type { EpochUnit } from './types.js';

/** Where the parts of a decimal literal sit in its text. Mutable scratch, reused per call. */
export interface DecimalScan {
  negative: boolean;
  intStart: number;
  intEnd: number;
  fracStart: number;
  fracEnd: number;
  exponent: number;
}

export function createDecimalScan(): DecimalScan {
  return { negative: false, intStart: 0, intEnd: 0, fracStart: 0, fracEnd: 0, exponent: 0 };
}

/** Exponents are clamped here: beyond it every non-zero value is out of range or floors to 0/−1. */
const EXPONENT_CLAMP = 10_000;

/** Power of ten that turns a value in `unit` into ms. */
export const UNIT_TO_MS_SHIFT: Readonly<Record<EpochUnit, number>> = { s: 3, ms: 0, us: -3, ns: -6 };


/**
 * Scan `-?\d+(\.\d+)?([eE][+-]?\d+)?` (a leading `+` is also accepted in strings). Returns false if
 * `s` is not entirely such a literal.
 */
export function scanDecimal(s: string, out: DecimalScan): boolean {
  let i = 0;
  const first = codeAt(s, 0);
  out.negative = first === 45;
  if (first === 45 || first === 43) i = 1;
  out.intStart = i;
  while (isDigit(codeAt(s, i))) i++;
  out.intEnd = i;
  if (out.intEnd === out.intStart) return false;
  out.fracStart = out.fracEnd = i;
  if (codeAt(s, i) === 46) {
    out.fracStart = ++i;
    while (isDigit(codeAt(s, i))) i++;
    out.fracEnd = i;
    if (out.fracEnd === out.fracStart) return false;
  }
  out.exponent = 0;
  const e = codeAt(s, i);
  if (e === 101 || e === 69) {
    i++;
    const sign = codeAt(s, i);
    if (sign === 45 || sign === 43) i++;
    const digitsStart = i;
    let exponent = 0;
    while (isDigit(codeAt(s, i))) {
      exponent = Math.min(exponent * 10 + (codeAt(s, i) - 48), EXPONENT_CLAMP);
      i++;
    }
    if (i === digitsStart) return false;
    out.exponent = sign === 45 ? -exponent : exponent;
  }
  return i === s.length;
}

function mantissaLength(d: DecimalScan): number {
  return d.intEnd - d.intStart + (d.fracEnd - d.fracStart);
}

/** The k-th digit of the mantissa (integer digits then fraction digits), 0 past the end. */
function mantissaDigit(s: string, d: DecimalScan, k: number): number {
  const intLength = d.intEnd - d.intStart;
  if (k < intLength) return s.charCodeAt(d.intStart + k) - 48;
  const fracIndex = k - intLength;
  return fracIndex < d.fracEnd - d.fracStart ? s.charCodeAt(d.fracStart + fracIndex) - 48 : 0;
}

function leadingZeros(s: string, d: DecimalScan): number {
  const length = mantissaLength(d);
  let k = 0;
  while (k < length && mantissaDigit(s, d, k) === 0) k++;
  return k;
}

/** Number of significant digits in |integer part| (0 for |v| < 1): `auto` picks the unit from it. */
export function integerDigitCount(s: string, d: DecimalScan): number {
  if (d.exponent === 0 && codeAt(s, d.intStart) !== 48) return d.intEnd - d.intStart; // common case
  const pointAt = d.intEnd - d.intStart + d.exponent;
  const first = leadingZeros(s, d);
  return first < mantissaLength(d) && pointAt > first ? pointAt - first : 0;
}

/**
 * `auto`: the unit by magnitude of the integer part: |v| < 1e11 → s, < 1e14 → ms, < 1e17 → µs,
 * else ns. (1e11 s is year 5138; 1e11 ms is 1973: the ranges do not overlap for real data.)
 */
export function unitByMagnitude(s: string, d: DecimalScan): EpochUnit {
  const digits = integerDigitCount(s, d);
  return digits <= 11 ? 's' : digits <= 14 ? 'ms' : digits <= 17 ? 'us' : 'ns';
}

/** floor(value × 10^shift), exact; NaN when |result| has more than 15 digits (beyond any valid ms). */
export function floorScaled(s: string, d: DecimalScan, shift: number): number {
  const fast = floorScaledSmallInteger(s, d, shift);
  if (!Number.isNaN(fast)) return fast;
  const length = mantissaLength(d);
  const pointAt = d.intEnd - d.intStart + d.exponent + shift;
  const first = leadingZeros(s, d);
  if (first === length) return 0; // the value is zero (also "-0.0")
  if (pointAt - first > 15) return Number.NaN;
  let magnitude = 0;
  for (let k = first; k < pointAt; k++) magnitude = magnitude * 10 + mantissaDigit(s, d, k);
  let hasFraction = false;
  for (let k = Math.max(pointAt, first); k < length && !hasFraction; k++) hasFraction = mantissaDigit(s, d, k) !== 0;
  if (!d.negative) return magnitude;
  if (hasFraction) return -magnitude - 1;
  return magnitude === 0 ? 0 : -magnitude; // never -0
}

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000] as const;

/**
 * Fast path for the common case, a plain integer of at most 15 digits: exact as a double, and
 * `Math.floor(v / 10^k)` for k ≤ 6 is exact too (the quotient's rounding error stays far below the
 * 10^-k distance to the next integer). NaN means "take the general path".
 */
function floorScaledSmallInteger(s: string, d: DecimalScan, shift: number): number {
  const length = d.intEnd - d.intStart;
  if (d.fracEnd !== d.fracStart || d.exponent !== 0 || length > 15) return Number.NaN;
  let magnitude = 0;
  for (let i = d.intStart; i < d.intEnd; i++) magnitude = magnitude * 10 + (s.charCodeAt(i) - 48);
  const value = d.negative ? -magnitude : magnitude;
  const power = POWERS_OF_TEN[Math.abs(shift)];
  if (power === undefined) return Number.NaN;
  const scaled = shift >= 0 ? value * power : Math.floor(value / power);
  return scaled === 0 ? 0 : scaled; // never -0
}

/**
 * Hot path for the common epoch, a plain integer `-?[1-9][0-9]{0,14}` given as ASCII bytes: the
 * same floor(ms) as `scanDecimal` + `floorScaled` (and the unit `unitByMagnitude` picks when `unit`
 * is undefined), without a string. NaN for any other text: the caller then takes the text path.
 * The result is not range-checked.
 */
export function floorIntegerBytesToMs(bytes: Uint8Array, start: number, end: number, unit: EpochUnit | undefined): number {
  let i = start;
  const negative = i < end && bytes[i] === 45;
  if (negative) i++;
  const digits = end - i;
  if (digits < 1 || digits > 15 || bytes[i] === 48) return Number.NaN;
  let magnitude = 0;
  for (; i < end; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    magnitude = magnitude * 10 + d;
  }
  const shift = UNIT_TO_MS_SHIFT[unit ?? (digits <= 11 ? 's' : digits <= 14 ? 'ms' : 'us')];
  const value = negative ? -magnitude : magnitude;
  const power = POWERS_OF_TEN[Math.abs(shift)]!;
  // Never 0 or -0 here: the leading digit is not 0, and floor of a negative fraction is <= -1.
  return shift >= 0 ? value * power : Math.floor(value / power);
}
