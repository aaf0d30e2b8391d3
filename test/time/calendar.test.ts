import { describe, expect, it } from 'vitest';
import { daysFromCivil, daysInMonth, isLeapYear, labelMsToLocal, localToLabelMs } from '../../src/time/calendar.js';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS } from '../../src/time/index.js';

describe('calendar', () => {
  it('knows leap years, including centuries and year 0', () => {
    expect([2020, 2000, 1600, 0, 2400].map(isLeapYear)).toEqual([true, true, true, true, true]);
    expect([2019, 1900, 2100, 1].map(isLeapYear)).toEqual([false, false, false, false]);
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2021, 4)).toBe(30);
    expect(daysInMonth(2021, 13)).toBe(0);
  });

  it('matches Date.UTC for days since the epoch', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2020, 4, 20) * 86_400_000).toBe(Date.UTC(2020, 3, 20));
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });

  it('maps the engine bounds to 0000-01-01 and 9999-12-31T23:59:59.999', () => {
    expect(localToLabelMs({ year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 })).toBe(MIN_EVENT_TIME_MS);
    expect(labelMsToLocal(MAX_EVENT_TIME_MS)).toEqual({
      year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999,
    });
    expect(labelMsToLocal(-1)).toEqual({ year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999 });
  });
});
