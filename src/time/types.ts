/**
 * Shared vocabulary of the time engine. Everything here is PURE: no I/O, and no result may depend
 * on the host's `TZ` (never call `Date.parse`, `new Date(y, m, …)` or any local-time getter).
 * Instants are epoch milliseconds (`…Ms`, floored towards −∞ from finer units).
 */

export const EPOCH_UNITS = ['s', 'ms', 'us', 'ns'] as const;
export type EpochUnit = (typeof EPOCH_UNITS)[number];

/** `--time-format`: what the event-time field holds. */
export type TimeFormat =
  | { readonly kind: 'auto' }
  | { readonly kind: 'iso8601' }
  | { readonly kind: 'epoch'; readonly unit: EpochUnit }
  | { readonly kind: 'pattern'; readonly pattern: string };

/**
 * The raw value found at `--time-field`, before interpretation. Numbers keep their literal JSON
 * text so that epoch nanoseconds (> 2^53) are never rounded across an hour boundary.
 */
export type TimeValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly literal: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'other'; readonly jsonType: 'boolean' | 'object' | 'array' };

/** Why a record has no usable event time. Stable strings: they appear in the JSON report. */
export const TIME_FAILURE_REASONS = [
  'missing-field', // no value at --time-field
  'null-value', // JSON null
  'empty-value', // "" or whitespace only
  'wrong-type', // boolean, object or array
  'unparseable', // does not match the format at all
  'impossible-date', // matches the shape but names no real instant (month 13, hour 25, Feb 30)
  'imprecise', // names a day (or coarser) but not an hour: placing it would be a guess
  'ambiguous-local-time', // zone-less local time that occurs twice in --timestamp-tz (DST fall-back)
  'nonexistent-local-time', // zone-less local time skipped by --timestamp-tz (DST spring-forward)
  'out-of-range', // before 0000-01-01 or after 9999-12-31 UTC, or not a finite number
] as const;
export type TimeFailureReason = (typeof TIME_FAILURE_REASONS)[number];

export type EventTimeResult =
  | { readonly ok: true; readonly eventTimeMs: number }
  | { readonly ok: false; readonly reason: TimeFailureReason };

/** Wall-clock fields in some zone. `month` is 1–12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** Result of pinning wall-clock fields to an instant in a zone. */
export type LocalResolution =
  | { readonly kind: 'unique'; readonly utcMs: number }
  | { readonly kind: 'ambiguous'; readonly earlierUtcMs: number; readonly laterUtcMs: number }
  | { readonly kind: 'nonexistent'; readonly gapStartUtcMs: number };

/** An IANA zone (or UTC / fixed offset) as the engine needs it. Implementations cache offsets. */
export interface Zone {
  /** Canonical name as given by the user, e.g. `Asia/Tokyo`, `UTC`, `+09:00`. */
  readonly name: string;
  /** Offset of local time from UTC at the instant, in ms (Tokyo: +32_400_000). */
  offsetMsAt(utcMs: number): number;
  /** Pin wall-clock fields to an instant; DST overlaps and gaps are reported, never guessed. */
  resolveLocal(local: LocalDateTime): LocalResolution;
}

/** Bounds of instants the engine accepts: 0000-01-01T00:00:00Z ≤ t ≤ 9999-12-31T23:59:59.999Z. */
export const MIN_EVENT_TIME_MS = -62_167_219_200_000;
export const MAX_EVENT_TIME_MS = 253_402_300_799_999;
