/**
 * Matcher for compiled date patterns (hot path: walks the steps with an index, no regex, no
 * substrings). Shape mismatches are `unparseable`; range errors are left to `resolveFields`.
 */
import { assertNever } from '../errors.js';
import type { DateFields } from './fields.js';
import type { CompiledPattern } from './format.js';
import { codeAt, readDigits } from './chars.js';
import { scanFraction, scanOffset } from './iso.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Three lower-cased letters packed into one number → month 1–12. */
const MONTH_BY_KEY = new Map(MONTHS.map((name, index) => [monthKey(name, 0), index + 1]));

/** Pack three letters, lower-cased by setting bit 5 (only ASCII letters can then match a key). */
function monthKey(s: string, at: number): number {
  const a = codeAt(s, at);
  const b = codeAt(s, at + 1);
  const c = codeAt(s, at + 2);
  if (a < 0 || b < 0 || c < 0 || (a | b | c) > 127) return -1; // keeps the packing collision-free
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}

/** Match all of `s` against `compiled`, filling `out`. Returns false on any shape mismatch. */
export function matchPattern(compiled: CompiledPattern, s: string, out: DateFields): boolean {
  out.minute = out.second = out.millisecond = 0;
  out.offsetMs = Number.NaN;
  let i = 0;
  for (const step of compiled.steps) {
    switch (step.kind) {
      case 'literal':
        if (!s.startsWith(step.text, i)) return false;
        i += step.text.length;
        break;
      case 'number': {
        const value = readDigits(s, i, step.width);
        if (value < 0) return false;
        out[step.field] = value;
        i += step.width;
        break;
      }
      case 'month-name': {
        const month = i + 3 <= s.length ? MONTH_BY_KEY.get(monthKey(s, i)) : undefined;
        if (month === undefined) return false;
        out.month = month;
        i += 3;
        break;
      }
      case 'fraction':
        i = scanFraction(s, i, out, step.width);
        if (i < 0) return false;
        break;
      case 'offset': {
        const end = scanOffset(s, i, out, step.style !== 'Z');
        const length = end - i;
        // Consumed length: 1 = Z, 3 = ±HH, 5 = ±HHMM, 6 = ±HH:MM.
        const fits =
          end >= 0 &&
          (step.style === 'Z' ? length === 5 : step.style === 'XXX' ? length === 1 || length === 6 : length !== 6);
        if (!fits) return false;
        i = end;
        break;
      }
      default:
        return assertNever(step, 'pattern step');
    }
  }
  return i === s.length;
}
