/**
 * The one place where parsed wall-clock fields become an instant: range checks, leap seconds,
 * explicit offsets versus `--timestamp-tz`, DST overlaps and gaps, and the engine's bounds. The ISO
 * scanner and the pattern matcher both fill a reusable `DateFields` so the hot path allocates only
 * its result.
 */
import { assertNever } from '../errors.js';
import { HOUR_MS, MINUTE_MS, daysInMonth, fieldsToLabelMs } from './calendar.js';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS } from './types.js';
import type { EventTimeResult, TimeFailureReason, Zone } from './types.js';
import { MAX_OFFSET_MS, fixedOffsetOf } from './zone.js';

/** Mutable scratch filled by a scanner. `offsetMs` is NaN when the text carries no zone. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMs: number;
}

export function createDateFields(): DateFields {
  return { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMs: Number.NaN };
}

/** Build an offset from its parts; NaN-free callers check the range in `resolveFields`. */
export function offsetFromParts(negative: boolean, hours: number, minutes: number): number {
  if (minutes > 59) return Number.POSITIVE_INFINITY; // reported as impossible-date
  const ms = hours * HOUR_MS + minutes * MINUTE_MS;
  return negative ? -ms : ms;
}

const FAILURES = new Map<TimeFailureReason, EventTimeResult>();
/** Shared frozen failure results: failures are common in bad data and need not allocate. */
export function failure(reason: TimeFailureReason): EventTimeResult {
  let result = FAILURES.get(reason);
  if (result === undefined) {
    result = Object.freeze({ ok: false, reason });
    FAILURES.set(reason, result);
  }
  return result;
}

/** Wrap an instant, applying the engine's bounds. */
export function instantResult(eventTimeMs: number): EventTimeResult {
  if (!(eventTimeMs >= MIN_EVENT_TIME_MS && eventTimeMs <= MAX_EVENT_TIME_MS)) return failure('out-of-range');
  return { ok: true, eventTimeMs };
}

/** True if the date part names a real day (month 1–12, day within the month, leap years). */
export function isRealDate(f: DateFields): boolean {
  return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth(f.year, f.month);
}

/**
 * {@link resolveFields} for the hot path: the instant in ms, or NaN where resolveFields would fail
 * (the caller then asks resolveFields for the reason). Allocates nothing unless a zone-less time
 * has to be pinned in a zone with transitions. `fixedZoneMs` is `fixedOffsetOf(zone)`.
 */
export function resolveFieldsMs(f: DateFields, zone: Zone, fixedZoneMs: number | undefined): number {
  if (!isRealDate(f) || f.hour > 23 || f.minute > 59 || f.second > 60) return Number.NaN;
  const leap = f.second === 60;
  const labelMs = fieldsToLabelMs(f.year, f.month, f.day, f.hour, f.minute, leap ? 59 : f.second, leap ? 999 : f.millisecond);
  let eventTimeMs: number;
  if (!Number.isNaN(f.offsetMs)) {
    if (!(Math.abs(f.offsetMs) <= MAX_OFFSET_MS)) return Number.NaN;
    eventTimeMs = labelMs - f.offsetMs;
  } else if (fixedZoneMs !== undefined) {
    eventTimeMs = labelMs - fixedZoneMs;
  } else {
    const result = resolveFields(f, zone);
    return result.ok ? result.eventTimeMs : Number.NaN;
  }
  return eventTimeMs >= MIN_EVENT_TIME_MS && eventTimeMs <= MAX_EVENT_TIME_MS ? eventTimeMs : Number.NaN;
}

/**
 * Turn fields into an instant. A zone-less reading is pinned in `zone`; `lenient` picks the earlier
 * instant of a DST overlap and the instant of the jump for a gap (for `--from/--to`), otherwise
 * those are failures (for records: a guess would put data in the wrong hour).
 *
 * Leap seconds: `:60` is read as the last millisecond of that minute (`23:59:60.5Z` →
 * `23:59:59.999Z`), so the record stays in the hour (and day) its writer meant.
 */
export function resolveFields(f: DateFields, zone: Zone, lenient = false): EventTimeResult {
  if (!isRealDate(f) || f.hour > 23 || f.minute > 59 || f.second > 60) return failure('impossible-date');
  const leap = f.second === 60;
  const labelMs = fieldsToLabelMs(
    f.year,
    f.month,
    f.day,
    f.hour,
    f.minute,
    leap ? 59 : f.second,
    leap ? 999 : f.millisecond,
  );
  if (!Number.isNaN(f.offsetMs)) {
    if (!(Math.abs(f.offsetMs) <= MAX_OFFSET_MS)) return failure('impossible-date');
    return instantResult(labelMs - f.offsetMs);
  }
  const fixedMs = fixedOffsetOf(zone);
  if (fixedMs !== undefined) return instantResult(labelMs - fixedMs);
  const resolution = zone.resolveLocal({
    year: f.year,
    month: f.month,
    day: f.day,
    hour: f.hour,
    minute: f.minute,
    second: leap ? 59 : f.second,
    millisecond: leap ? 999 : f.millisecond,
  });
  switch (resolution.kind) {
    case 'unique':
      return instantResult(resolution.utcMs);
    case 'ambiguous':
      return lenient ? instantResult(resolution.earlierUtcMs) : failure('ambiguous-local-time');
    case 'nonexistent':
      return lenient ? instantResult(resolution.gapStartUtcMs) : failure('nonexistent-local-time');
    default:
      return assertNever(resolution, 'local resolution');
  }
}
