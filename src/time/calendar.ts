/**
 * Proleptic-Gregorian calendar arithmetic on plain numbers. `Date.UTC` is avoided on purpose: it
 * maps years 0–99 to 1900–1999 and allocates nothing we need. A "label ms" is a wall-clock reading
 * encoded as if it were UTC (Tokyo 09:00 → the epoch ms of 09:00Z); it names a local time, never an
 * instant, and is what partition templates format.
 */
import type { LocalDateTime } from './types.js';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** True for Gregorian leap years (year 0 is a leap year). */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1–12) of `year`; 0 for a month out of range. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 0;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`); month is 1–12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Label ms of wall-clock fields (no validation: callers check ranges first). */
export function localToLabelMs(local: LocalDateTime): number {
  return fieldsToLabelMs(local.year, local.month, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** Same as {@link localToLabelMs} without building an object (hot path). */
export function fieldsToLabelMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS + millisecond;
}

/** Wall-clock fields of a label ms (H. Hinnant's `civil_from_days`). */
export function labelMsToLocal(labelMs: number): LocalDateTime {
  const days = Math.floor(labelMs / DAY_MS);
  let msOfDay = labelMs - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(msOfDay / HOUR_MS);
  msOfDay -= hour * HOUR_MS;
  const minute = Math.floor(msOfDay / MINUTE_MS);
  msOfDay -= minute * MINUTE_MS;
  const second = Math.floor(msOfDay / SECOND_MS);
  return { year, month, day, hour, minute, second, millisecond: msOfDay - second * SECOND_MS };
}
