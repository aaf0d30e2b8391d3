import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { fixedOffsetOf, loadZone, utcToLocal } from '../../src/time/index.js';
import type { LocalDateTime } from '../../src/time/index.js';
import { at } from './helpers.js';

const local = (year: number, month: number, day: number, hour: number, minute = 0): LocalDateTime => ({
  year, month, day, hour, minute, second: 0, millisecond: 0,
});

describe('loadZone', () => {
  it.each(['UTC', 'Z', 'Etc/UTC', 'utc', 'GMT', 'Etc/Greenwich'])('%s is a constant zero offset', (name) => {
    const zone = loadZone(name);
    expect(zone.name).toBe(name);
    expect(fixedOffsetOf(zone)).toBe(0);
    expect(zone.offsetMsAt(at('2020-06-01T00:00:00Z'))).toBe(0);
  });

  it.each([
    ['+09:00', 9 * 3_600_000],
    ['+0900', 9 * 3_600_000],
    ['+09', 9 * 3_600_000],
    ['-0330', -3.5 * 3_600_000],
    ['-03:30', -3.5 * 3_600_000],
    ['+18:00', 18 * 3_600_000],
    ['-00:00', 0],
  ])('%s is a fixed offset of %i ms', (name, offsetMs) => {
    const zone = loadZone(name);
    expect(fixedOffsetOf(zone)).toBe(offsetMs);
    expect(zone.offsetMsAt(0)).toBe(offsetMs);
    expect(zone.resolveLocal(local(2020, 4, 20, 9))).toEqual({ kind: 'unique', utcMs: at('2020-04-20T09:00:00Z') - offsetMs });
  });

  it.each(['Mars/Base', '+19:00', '+09:60', '', 'Asia/Tokyo/x', '9'])('rejects %j with a UsageError', (name) => {
    expect(() => loadZone(name)).toThrow(UsageError);
  });

  it('names the unknown zone and, when given, the option', () => {
    let error: unknown;
    try {
      loadZone('Mars/Base', '--partition-tz');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      'Unknown time zone "Mars/Base": expected an IANA name such as Asia/Tokyo or UTC, or an offset such as +09:00',
    );
    expect((error as UsageError).context.option).toBe('--partition-tz');
  });

  it('reads IANA offsets, with DST, from Intl', () => {
    const tokyo = loadZone('Asia/Tokyo');
    expect(fixedOffsetOf(tokyo)).toBeUndefined();
    expect(tokyo.offsetMsAt(at('2020-04-20T00:00:00Z'))).toBe(9 * 3_600_000);
    const newYork = loadZone('America/New_York');
    expect(newYork.offsetMsAt(at('2020-01-15T12:00:00Z'))).toBe(-5 * 3_600_000);
    expect(newYork.offsetMsAt(at('2020-07-15T12:00:00Z'))).toBe(-4 * 3_600_000);
    expect(loadZone('Asia/Kolkata').offsetMsAt(0)).toBe(5.5 * 3_600_000);
    expect(loadZone('Asia/Kathmandu').offsetMsAt(at('2020-01-01T00:00:00Z'))).toBe(5.75 * 3_600_000);
  });

  it('switches offset at the exact ms of a transition, also one off the UTC hour', () => {
    const newYork = loadZone('America/New_York');
    const springForward = at('2020-03-08T07:00:00Z');
    expect(newYork.offsetMsAt(springForward - 1)).toBe(-5 * 3_600_000);
    expect(newYork.offsetMsAt(springForward)).toBe(-4 * 3_600_000);
    // Kathmandu moved from +05:30 to +05:45 at local midnight 1986-01-01 = 1985-12-31T18:30Z,
    // half past a UTC hour: the per-hour cache must pin the change to the ms.
    const kathmandu = loadZone('Asia/Kathmandu');
    const change = at('1985-12-31T18:30:00Z');
    expect(kathmandu.offsetMsAt(change - 1)).toBe(5.5 * 3_600_000);
    expect(kathmandu.offsetMsAt(change)).toBe(5.75 * 3_600_000);
    expect(kathmandu.offsetMsAt(at('1985-12-31T18:00:00Z'))).toBe(5.5 * 3_600_000);
    expect(kathmandu.offsetMsAt(at('1985-12-31T18:59:59Z'))).toBe(5.75 * 3_600_000);
    // The 15 minutes skipped by that change do not exist locally.
    expect(kathmandu.resolveLocal(local(1986, 1, 1, 0, 5))).toEqual({ kind: 'nonexistent', gapStartUtcMs: change });
  });

  it('handles local mean time offsets with seconds and dates near year 0', () => {
    // Tokyo LMT was +09:18:59 before 1888.
    expect(loadZone('Asia/Tokyo').offsetMsAt(at('1880-01-01T00:00:00Z'))).toBe((9 * 3600 + 18 * 60 + 59) * 1000);
    expect(utcToLocal(loadZone('UTC'), -62_167_219_200_000)).toEqual(local(0, 1, 1, 0));
    expect(loadZone('Asia/Tokyo').offsetMsAt(-62_167_219_200_000)).toBe((9 * 3600 + 18 * 60 + 59) * 1000);
  });
});

describe('resolveLocal', () => {
  const newYork = loadZone('America/New_York');
  const london = loadZone('Europe/London');

  it('finds a unique instant', () => {
    expect(newYork.resolveLocal(local(2020, 4, 20, 10))).toEqual({ kind: 'unique', utcMs: at('2020-04-20T14:00:00Z') });
    expect(loadZone('Asia/Tokyo').resolveLocal(local(2020, 4, 20, 9))).toEqual({ kind: 'unique', utcMs: at('2020-04-20T00:00:00Z') });
  });

  it('reports the New York spring-forward gap with the instant of the jump', () => {
    expect(newYork.resolveLocal(local(2020, 3, 8, 2, 30))).toEqual({ kind: 'nonexistent', gapStartUtcMs: at('2020-03-08T07:00:00Z') });
    expect(newYork.resolveLocal(local(2020, 3, 8, 3, 0))).toEqual({ kind: 'unique', utcMs: at('2020-03-08T07:00:00Z') });
    expect(newYork.resolveLocal(local(2020, 3, 8, 1, 59))).toEqual({ kind: 'unique', utcMs: at('2020-03-08T06:59:00Z') });
  });

  it('reports both instants of the New York fall-back overlap', () => {
    expect(newYork.resolveLocal(local(2020, 11, 1, 1, 30))).toEqual({
      kind: 'ambiguous',
      earlierUtcMs: at('2020-11-01T05:30:00Z'),
      laterUtcMs: at('2020-11-01T06:30:00Z'),
    });
    expect(newYork.resolveLocal(local(2020, 11, 1, 2, 0))).toEqual({ kind: 'unique', utcMs: at('2020-11-01T07:00:00Z') });
  });

  it('handles Europe/London both ways', () => {
    expect(london.resolveLocal(local(2020, 3, 29, 1, 30))).toEqual({ kind: 'nonexistent', gapStartUtcMs: at('2020-03-29T01:00:00Z') });
    expect(london.resolveLocal(local(2020, 10, 25, 1, 30))).toEqual({
      kind: 'ambiguous',
      earlierUtcMs: at('2020-10-25T00:30:00Z'),
      laterUtcMs: at('2020-10-25T01:30:00Z'),
    });
    expect(london.resolveLocal(local(2020, 7, 1, 12))).toEqual({ kind: 'unique', utcMs: at('2020-07-01T11:00:00Z') });
  });

  it('gives wall-clock fields with utcToLocal', () => {
    expect(utcToLocal(newYork, at('2020-11-01T05:30:00Z'))).toEqual(local(2020, 11, 1, 1, 30));
    expect(utcToLocal(newYork, at('2020-11-01T06:30:00Z'))).toEqual(local(2020, 11, 1, 1, 30));
    expect(utcToLocal(loadZone('+05:45'), at('2020-12-31T18:15:00Z'))).toEqual(local(2021, 1, 1, 0));
  });
});
