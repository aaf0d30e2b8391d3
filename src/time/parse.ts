/**
 * The per-record entry point: a raw `TimeValue` → an instant or a typed failure reason. Called
 * millions of times per run, so each parser owns reusable scratch objects and allocates only its
 * success result. Results never depend on the host's `TZ`.
 */
import { assertNever } from '../errors.js';
import { UNIT_TO_MS_SHIFT, createDecimalScan, floorIntegerBytesToMs, floorScaled, scanDecimal, unitByMagnitude } from './epoch.js';
import type { DecimalScan } from './epoch.js';
import { createDateFields, failure, instantResult, isRealDate, resolveFields, resolveFieldsMs } from './fields.js';
import type { DateFields } from './fields.js';
import { compilePattern } from './format.js';
import { ISO_DATE_ONLY, ISO_MONTH_ONLY, ISO_OK, ISO_UNPARSEABLE, scanIso } from './iso.js';
import { scanIsoBytes } from './isoBytes.js';
import { matchPattern } from './pattern.js';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS } from './types.js';
import type { EpochUnit, EventTimeResult, TimeFormat, TimeValue, Zone } from './types.js';
import { fixedOffsetOf } from './zone.js';

type TextParser = (text: string) => EventTimeResult;

/** Strings a JSON producer writes for non-finite doubles: out of range, not unparseable. */
const NON_FINITE = new Set(['NaN', 'Infinity', '+Infinity', '-Infinity', 'inf', '-inf', '+inf']);

/**
 * Build the event-time parser for one `--time-format` and `--timestamp-tz`.
 *
 * - `auto`: a numeric string or number is an epoch whose unit follows the magnitude of its integer
 *   part (< 1e11 s, < 1e14 ms, < 1e17 µs, else ns); any other string is read as ISO-8601.
 * - `iso8601`: strings only (a JSON number is `wrong-type`).
 * - `epoch_*`: numbers or numeric strings in that unit.
 * - pattern: strings, and numbers through their literal text (so `yyyyMMddHH` fits 2020042011).
 *
 * Strings are trimmed first. Zone-less times are read in `timestampZone`; a DST overlap gives
 * `ambiguous-local-time` and a gap `nonexistent-local-time` rather than a guess.
 */
export function createEventTimeParser(format: TimeFormat, timestampZone: Zone): (value: TimeValue) => EventTimeResult {
  const fields = createDateFields();
  const decimal = createDecimalScan();
  const iso: TextParser = (text) => parseIso(text, fields, timestampZone);
  let fromString: TextParser;
  let fromNumber: TextParser;
  switch (format.kind) {
    case 'auto':
      fromNumber = (text) => parseEpoch(text, decimal, undefined);
      fromString = (text) => (isNumericStart(text) && scanDecimal(text, decimal) ? epochFromScan(text, decimal, undefined) : nonFinite(text) ?? iso(text));
      break;
    case 'iso8601':
      fromString = iso;
      fromNumber = () => failure('wrong-type');
      break;
    case 'epoch': {
      const unit = format.unit;
      fromString = fromNumber = (text) => parseEpoch(text, decimal, unit);
      break;
    }
    case 'pattern': {
      const compiled = compilePattern(format.pattern);
      fromString = fromNumber = (text) =>
        matchPattern(compiled, text, fields) ? resolveFields(fields, timestampZone) : failure('unparseable');
      break;
    }
    default:
      return assertNever(format, 'time format');
  }
  return (value) => {
    switch (value.kind) {
      case 'string': {
        const text = value.value.trim();
        return text === '' ? failure('empty-value') : fromString(text);
      }
      case 'number':
        return fromNumber(value.literal);
      case 'null':
        return failure('null-value');
      case 'missing':
        return failure('missing-field');
      case 'other':
        return failure('wrong-type');
      default:
        return assertNever(value, 'time value');
    }
  };
}

/**
 * Reads an event time from the raw bytes of the time field: ms, or NaN when it does not decide.
 * `isString`: the bytes are the content of a JSON string without escapes (its UTF-8 text);
 * otherwise they are a JSON number literal.
 */
export type EventTimeBytesParser = (bytes: Uint8Array, start: number, end: number, isString: boolean) => number;

/**
 * The hot-path companion of {@link createEventTimeParser}: reads the common shapes straight from
 * the record's bytes, without building a string. It decides only values that the full parser reads
 * as an instant, and gives the same instant: an ISO-8601 date with a time (no spaces around it,
 * nothing to trim) in `auto`/`iso8601`, and a plain integer of at most 15 digits in `auto`/`epoch_*`.
 * Everything else, failures included, is NaN: the caller then asks the full parser, which also
 * knows the reason. `undefined` for patterns (no fast path).
 */
export function createEventTimeBytesParser(format: TimeFormat, timestampZone: Zone): EventTimeBytesParser | undefined {
  const fields = createDateFields();
  const fixedZoneMs = fixedOffsetOf(timestampZone);
  const isoMs = (bytes: Uint8Array, start: number, end: number): number =>
    scanIsoBytes(bytes, start, end, fields) ? resolveFieldsMs(fields, timestampZone, fixedZoneMs) : Number.NaN;
  switch (format.kind) {
    case 'auto':
      // A string that scans as ISO with a time holds `T`, `t` or a space: the full parser does not
      // take it for a decimal or a non-finite word, so it reads it as ISO too. Such text is never
      // a plain integer (and the reverse), so trying ISO first, the common case, changes nothing.
      return (bytes, start, end, isString) => {
        const isoEventMs = isString ? isoMs(bytes, start, end) : Number.NaN;
        return Number.isNaN(isoEventMs) ? inRange(floorIntegerBytesToMs(bytes, start, end, undefined)) : isoEventMs;
      };
    case 'iso8601':
      return (bytes, start, end, isString) => (isString ? isoMs(bytes, start, end) : Number.NaN);
    case 'epoch': {
      const unit = format.unit;
      return (bytes, start, end) => inRange(floorIntegerBytesToMs(bytes, start, end, unit));
    }
    case 'pattern':
      return undefined;
    default:
      return assertNever(format, 'time format');
  }
}

/** The engine's bounds, as in `instantResult`: NaN outside them. */
function inRange(eventTimeMs: number): number {
  return eventTimeMs >= MIN_EVENT_TIME_MS && eventTimeMs <= MAX_EVENT_TIME_MS ? eventTimeMs : Number.NaN;
}

/** Cheap pre-check so ISO strings (`2020-…` also starts with a digit) rarely pay for a failed scan. */
function isNumericStart(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 45 || c === 43;
}

function nonFinite(text: string): EventTimeResult | undefined {
  return NON_FINITE.has(text) ? failure('out-of-range') : undefined;
}

function parseEpoch(text: string, decimal: DecimalScan, unit: EpochUnit | undefined): EventTimeResult {
  if (!scanDecimal(text, decimal)) return nonFinite(text) ?? failure('unparseable');
  return epochFromScan(text, decimal, unit);
}

/** `unit` undefined = `auto`: pick it by magnitude. */
function epochFromScan(text: string, decimal: DecimalScan, unit: EpochUnit | undefined): EventTimeResult {
  const shift = UNIT_TO_MS_SHIFT[unit ?? unitByMagnitude(text, decimal)];
  return instantResult(floorScaled(text, decimal, shift)); // NaN (too large) fails the range check
}

function parseIso(text: string, fields: DateFields, zone: Zone): EventTimeResult {
  const status = scanIso(text, fields);
  switch (status) {
    case ISO_OK:
      return resolveFields(fields, zone);
    case ISO_DATE_ONLY:
    case ISO_MONTH_ONLY:
      return isRealDate(fields) ? failure('imprecise') : failure('impossible-date');
    case ISO_UNPARSEABLE:
      return failure('unparseable');
    default:
      return assertNever(status, 'ISO scan status');
  }
}
