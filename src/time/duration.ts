/**
 * Durations for `--max-lag`, `--since`, `--settle`: `7d`, `6h`, `15m`, `30s`, `500ms`, `1h30m`, `0`.
 */
import { UsageError } from '../errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './calendar.js';

/** Units from largest to smallest; a duration lists each at most once, in this order. */
const UNITS = [
  ['d', DAY_MS],
  ['h', HOUR_MS],
  ['m', MINUTE_MS],
  ['s', SECOND_MS],
  ['ms', 1],
] as const;

// `ms` must be tried before `m`, so the unit is matched by the alternation order here.
const PART = /(\d+)(ms|d|h|m|s)/y;

/**
 * Parse a duration into whole milliseconds. Units: `d` (24 h, not a calendar day), `h`, `m`, `s`,
 * `ms`, combined largest first (`1h30m`). Integers only, no sign, lower case (`M` would be a trap).
 * A bare `0` is allowed; any other bare number is rejected because its unit would be a guess.
 * @param option the flag to name in the error, e.g. `--max-lag` (a missing `--` is added).
 * @throws UsageError naming the option.
 */
export function parseDurationMs(text: string, option: string): number {
  const flag = option.startsWith('--') ? option : `--${option}`;
  const fail = (): never => {
    throw new UsageError(`Expected \`${flag}\` to be a duration such as 7d, 6h or 15m, got ${JSON.stringify(text)}`, {
      option: flag,
      hint: 'Units: d, h, m, s, ms, largest first, e.g. 1h30m. Use 0 for no duration.',
    });
  };
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') return fail();
  let totalMs = 0;
  let nextUnit = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const match = PART.exec(s);
    if (match === null) return fail();
    const unitIndex = UNITS.findIndex(([unit]) => unit === match[2]);
    const unit = UNITS[unitIndex];
    if (unit === undefined || unitIndex < nextUnit) return fail();
    nextUnit = unitIndex + 1;
    totalMs += Number(match[1]) * unit[1];
  }
  if (!Number.isSafeInteger(totalMs)) return fail();
  return totalMs;
}
