import { describe, expect, test } from 'vitest';
import { RepartitionError } from '../../src/errors.js';
import { MAX_LABEL_MS, MIN_LABEL_MS, compileLayout, partitionInfoOfLabel, partitionLabelMs, partitionPathOfLabel } from '../../src/layout/index.js';
import type { Layout } from '../../src/layout/index.js';
import { ms, zone } from './helpers/zones.js';

const HOUR = 3_600_000;

/** The partition of an instant, with its span as ISO text for readable expectations. */
function partitionOf(layout: Layout, isoUtc: string): { path: string; label: number; start: string; end: string } {
  const info = partitionInfoOfLabel(layout, partitionLabelMs(layout, ms(isoUtc)));
  return { path: info.path, label: info.labelMs, start: new Date(info.startMs).toISOString(), end: new Date(info.endMsExclusive).toISOString() };
}

describe('partitionLabelMs / partitionInfoOfLabel', () => {
  test.each([
    // layout, zone, instant, path, label (wall clock), real span
    ['hive', 'UTC', '2020-04-20T13:45:12.345Z', 'dt=2020-04-20/hour=13', '2020-04-20T13:00:00Z', '2020-04-20T13:00:00.000Z', '2020-04-20T14:00:00.000Z'],
    ['hive-ymdh', 'UTC', '2020-04-20T00:00:00.000Z', 'year=2020/month=04/day=20/hour=00', '2020-04-20T00:00:00Z', '2020-04-20T00:00:00.000Z', '2020-04-20T01:00:00.000Z'],
    ['firehose', 'Asia/Tokyo', '2020-04-20T23:30:00Z', '2020/04/21/08', '2020-04-21T08:00:00Z', '2020-04-20T23:00:00.000Z', '2020-04-21T00:00:00.000Z'],
    ['hive', 'Asia/Kathmandu', '2020-04-20T00:00:00Z', 'dt=2020-04-20/hour=05', '2020-04-20T05:00:00Z', '2020-04-19T23:15:00.000Z', '2020-04-20T00:15:00.000Z'],
    ['{yyyy}/{MM}/{dd}/{HH}/{mm}', 'America/St_Johns', '2020-04-20T13:45:30Z', '2020/04/20/11/15', '2020-04-20T11:15:00Z', '2020-04-20T13:45:00.000Z', '2020-04-20T13:46:00.000Z'],
    ['dt={yyyy}-{MM}-{dd}', 'America/New_York', '2020-04-21T03:59:59.999Z', 'dt=2020-04-20', '2020-04-20T00:00:00Z', '2020-04-20T04:00:00.000Z', '2020-04-21T04:00:00.000Z'],
    ['dt={yyyy-MM-dd}', 'America/New_York', '2020-03-08T12:00:00Z', 'dt=2020-03-08', '2020-03-08T00:00:00Z', '2020-03-08T05:00:00.000Z', '2020-03-09T04:00:00.000Z'],
    ['dt={yyyy-MM-dd}', 'America/New_York', '2020-11-01T12:00:00Z', 'dt=2020-11-01', '2020-11-01T00:00:00Z', '2020-11-01T04:00:00.000Z', '2020-11-02T05:00:00.000Z'],
    ['{yyyyMMdd}/{HH}', 'UTC', '1969-12-31T23:59:59.999Z', '19691231/23', '1969-12-31T23:00:00Z', '1969-12-31T23:00:00.000Z', '1970-01-01T00:00:00.000Z'],
    // DST: a repeated hour spans two real hours; Lord Howe's half-hour shifts give 1.5 h and 0.5 h.
    ['hive', 'America/New_York', '2020-11-01T06:59:59.999Z', 'dt=2020-11-01/hour=01', '2020-11-01T01:00:00Z', '2020-11-01T05:00:00.000Z', '2020-11-01T07:00:00.000Z'],
    ['hive', 'Europe/London', '2020-10-25T00:30:00Z', 'dt=2020-10-25/hour=01', '2020-10-25T01:00:00Z', '2020-10-25T00:00:00.000Z', '2020-10-25T02:00:00.000Z'],
    ['hive', 'Australia/Lord_Howe', '2020-04-04T14:00:00Z', 'dt=2020-04-05/hour=01', '2020-04-05T01:00:00Z', '2020-04-04T14:00:00.000Z', '2020-04-04T15:30:00.000Z'],
    ['hive', 'Australia/Lord_Howe', '2020-10-03T15:45:00Z', 'dt=2020-10-04/hour=02', '2020-10-04T02:00:00Z', '2020-10-03T15:30:00.000Z', '2020-10-03T16:00:00.000Z'],
  ])('%s in %s: %s → %s', (spec, zoneName, instant, path, labelIso, start, end) => {
    expect(partitionOf(compileLayout(spec, zone(zoneName)), instant)).toEqual({ path, label: ms(labelIso), start, end });
  });

  test('a skipped hour (New York, 2020-03-08 02:00) has an empty span where the clock jumps', () => {
    const ny = compileLayout('hive', zone('America/New_York'));
    const info = partitionInfoOfLabel(ny, ms('2020-03-08T02:00:00Z'));
    expect(info).toEqual({ path: 'dt=2020-03-08/hour=02', labelMs: ms('2020-03-08T02:00:00Z'), startMs: ms('2020-03-08T07:00:00Z'), endMsExclusive: ms('2020-03-08T07:00:00Z') });
    // The instants either side of the jump land in hours 01 and 03.
    expect(partitionPathOfLabel(ny, partitionLabelMs(ny, ms('2020-03-08T06:59:59.999Z')))).toBe('dt=2020-03-08/hour=01');
    expect(partitionPathOfLabel(ny, partitionLabelMs(ny, ms('2020-03-08T07:00:00.000Z')))).toBe('dt=2020-03-08/hour=03');
  });

  test('St Johns 2010 fell back at 00:01: hour 23 comes back, and each span holds all its instants', () => {
    const stJohns = compileLayout('hive', zone('America/St_Johns'));
    // 02:31Z = 00:01 NDT became 23:01 NST: hour 00 of Nov 7 lasted one minute, then hour 23 resumed.
    expect(partitionOf(stJohns, '2010-11-07T02:30:30Z')).toEqual({ path: 'dt=2010-11-07/hour=00', label: ms('2010-11-07T00:00:00Z'), start: '2010-11-07T02:30:00.000Z', end: '2010-11-07T04:30:00.000Z' });
    expect(partitionOf(stJohns, '2010-11-07T02:31:00Z')).toEqual({ path: 'dt=2010-11-06/hour=23', label: ms('2010-11-06T23:00:00Z'), start: '2010-11-07T01:30:00.000Z', end: '2010-11-07T03:30:00.000Z' });
  });

  test('partition infos are memoised per layout, and survive eviction unchanged', () => {
    const hive = compileLayout('hive', zone('UTC'));
    const label = ms('2020-04-20T13:00:00Z');
    const first = partitionInfoOfLabel(hive, label);
    expect(partitionInfoOfLabel(hive, label)).toBe(first);
    for (let h = 1; h <= 1_000; h += 1) partitionInfoOfLabel(hive, label + h * HOUR);
    expect(partitionInfoOfLabel(hive, label)).toEqual(first);
  });

  test('a Layout copied or built by hand works (derived data is rebuilt from the template)', () => {
    const hive = compileLayout('hive', zone('UTC'));
    const tokyo: Layout = { ...hive, zone: zone('Asia/Tokyo') };
    const t = ms('2020-04-20T23:30:00Z');
    expect(partitionPathOfLabel(hive, partitionLabelMs(hive, t))).toBe('dt=2020-04-20/hour=23');
    expect(partitionPathOfLabel(tokyo, partitionLabelMs(tokyo, t))).toBe('dt=2020-04-21/hour=08');
  });

  test('labels are four-digit years: 0000-01-01 00:00 … 9999-12-31 23:59', () => {
    const minute = compileLayout('{yyyy}/{MM}/{dd}/{HH}/{mm}', zone('UTC'));
    expect(partitionPathOfLabel(minute, MIN_LABEL_MS)).toBe('0000/01/01/00/00');
    expect(partitionPathOfLabel(minute, MAX_LABEL_MS)).toBe('9999/12/31/23/59');
  });

  test.each([
    ['not aligned to the hour', ms('2020-04-20T13:30:00Z')],
    ['before year 0000', MIN_LABEL_MS - HOUR],
    ['after year 9999', MAX_LABEL_MS + HOUR],
    ['not a number', Number.NaN],
  ])('a label %s is a caller bug (INTERNAL)', (_why, label) => {
    const hive = compileLayout('hive', zone('UTC'));
    expect(() => partitionInfoOfLabel(hive, label)).toThrow(RepartitionError);
    expect(() => partitionInfoOfLabel(hive, label)).toThrow(/Expected a partition label aligned to one hour in years 0000–9999/);
  });

  test('the label never depends on the host TZ', () => {
    const tokyo = compileLayout('hive', zone('Asia/Tokyo'));
    const saved = process.env.TZ;
    const t = ms('2020-04-20T23:30:00Z');
    try {
      const paths = ['UTC', 'America/St_Johns', 'Pacific/Chatham'].map((tz) => {
        process.env.TZ = tz;
        return partitionPathOfLabel(compileLayout('hive', zone('Asia/Tokyo')), partitionLabelMs(tokyo, t));
      });
      expect(paths).toEqual(['dt=2020-04-21/hour=08', 'dt=2020-04-21/hour=08', 'dt=2020-04-21/hour=08']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
