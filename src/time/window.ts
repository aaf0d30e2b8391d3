/**
 * `--from` / `--to`: partition window bounds given by a person, read in the partition zone.
 */
import { UsageError, assertNever } from '../errors.js';
import { createDateFields, isRealDate, resolveFields } from './fields.js';
import { ISO_DATE_ONLY, ISO_MONTH_ONLY, ISO_OK, ISO_UNPARSEABLE, scanIso } from './iso.js';
import type { Zone } from './types.js';

/**
 * Parse a window bound into epoch ms.
 * - `2020-04-20T10:00:00Z`, `2020-04-20T19:00+09:00`: that instant.
 * - `2020-04-20T10:00` (no zone): that wall time in `zone` (the partition zone).
 * - `2020-04-20`: the start of that day in `zone`.
 * Unlike record timestamps, a bound is never refused for DST: a wall time that occurs twice means
 * its earlier instant, and one skipped by a spring-forward gap means the instant of the jump (the
 * first instant after the gap), so a window written in wall-clock hours keeps its intended shape.
 * @param option the flag to name in errors, e.g. `--from`.
 * @throws UsageError naming the option.
 */
export function parseInstant(text: string, zone: Zone, option: string): number {
  const trimmed = text.trim();
  const fields = createDateFields();
  const status = scanIso(trimmed, fields);
  const fail = (problem: string): never => {
    throw new UsageError(
      `Expected \`${option}\` to be an ISO-8601 instant or date such as 2020-04-20T00:00:00Z or 2020-04-20, got ${JSON.stringify(text)}${problem}`,
      { option, hint: `A time without an offset is read in the partition time zone (${zone.name}).` },
    );
  };
  switch (status) {
    case ISO_OK:
    case ISO_DATE_ONLY:
      break;
    case ISO_MONTH_ONLY:
      return fail(': give a full date (YYYY-MM-DD)');
    case ISO_UNPARSEABLE:
      return fail('');
    default:
      return assertNever(status, 'ISO scan status');
  }
  if (!isRealDate(fields)) return fail(': that date does not exist');
  const result = resolveFields(fields, zone, true);
  if (result.ok) return result.eventTimeMs;
  return fail(result.reason === 'out-of-range' ? ': years 0000 to 9999 only' : ': that time does not exist');
}
