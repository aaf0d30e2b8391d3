import { describe, expect, test } from 'vitest';
import { compileLayout, isHiddenKey, parseObjectKey } from '../../src/layout/index.js';
import { ms, zone } from './helpers/zones.js';

const HOUR = 3_600_000;
const hive = compileLayout('hive', zone('UTC'));

describe('parseObjectKey: keys in the layout', () => {
  test.each([
    ['dt=2020-04-20/hour=13/part-0.json.gz', 'dt=2020-04-20/hour=13', 'part-0.json.gz', '2020-04-20T13:00:00Z'],
    ['dt=2020-04-20/hour=00/sub/dir/x.json', 'dt=2020-04-20/hour=00', 'sub/dir/x.json', '2020-04-20T00:00:00Z'],
    ['dt=2020-02-29/hour=23/x', 'dt=2020-02-29/hour=23', 'x', '2020-02-29T23:00:00Z'],
    ['dt=2000-02-29/hour=01/x', 'dt=2000-02-29/hour=01', 'x', '2000-02-29T01:00:00Z'],
    ['dt=1969-12-31/hour=23/x y+z%.json', 'dt=1969-12-31/hour=23', 'x y+z%.json', '1969-12-31T23:00:00Z'],
  ])('%s', (key, path, name, startIso) => {
    const start = ms(startIso);
    expect(parseObjectKey(hive, key)).toEqual({
      kind: 'in-layout',
      partition: { path, labelMs: start, startMs: start, endMsExclusive: start + HOUR },
      name,
    });
  });

  test('year 0050 is not read as 1950 (the Date.UTC trap)', () => {
    const parsed = parseObjectKey(hive, 'dt=0050-01-01/hour=05/x');
    expect(parsed.kind).toBe('in-layout');
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 0, 1); // unlike Date.UTC, setUTCFullYear takes 50 literally
    year50.setUTCHours(5);
    expect(parsed).toMatchObject({ partition: { labelMs: year50.getTime(), path: 'dt=0050-01-01/hour=05' } });
  });
});

describe('parseObjectKey: keys not in the layout, with reasons', () => {
  test.each([
    ['dt=2020-13-40/hour=01/x', 'segment 1 "dt=2020-13-40": month must be 01–12'],
    ['dt=2020-04-40/hour=01/x', 'segment 1 "dt=2020-04-40": day must be 01–31'],
    ['dt=2020-04-00/hour=01/x', 'segment 1 "dt=2020-04-00": day must be 01–31'],
    ['dt=2021-02-29/hour=01/x', 'segment 1 "dt=2021-02-29": day 29 does not exist in 2021-02'],
    ['dt=1900-02-29/hour=01/x', 'segment 1 "dt=1900-02-29": day 29 does not exist in 1900-02'],
    ['dt=2020-04-31/hour=01/x', 'segment 1 "dt=2020-04-31": day 31 does not exist in 2020-04'],
    ['dt=2020-04-20/hour=24/x', 'segment 2 "hour=24": hour must be 00–23'],
    ['dt=2020-04-20/hour=7/x', 'segment 2 "hour=7": {HH} must be 2 ASCII digits'],
    ['dt=2020-04-20/hour=007/x', 'segment 2 "hour=007": does not match "hour={HH}" (extra characters)'],
    ['dt=2020-04-20/hour=13 /x', 'segment 2 "hour=13 ": does not match "hour={HH}" (extra characters)'],
    ['dt=2020-04-20/hour=1a/x', 'segment 2 "hour=1a": {HH} must be 2 ASCII digits'],
    ['dt=2020-04-20/hour=-1/x', 'segment 2 "hour=-1": {HH} must be 2 ASCII digits'],
    ['dt=2020-04-20/hour=１３/x', 'segment 2 "hour=１３": {HH} must be 2 ASCII digits'],
    ['dt=２０２０-04-20/hour=13/x', 'segment 1 "dt=２０２０-04-20": {yyyy} must be 4 ASCII digits'],
    ['dt=2020-4-20/hour=13/x', 'segment 1 "dt=2020-4-20": {MM} must be 2 ASCII digits'],
    ['DT=2020-04-20/hour=13/x', 'segment 1 "DT=2020-04-20": does not match "dt={yyyy}-{MM}-{dd}"'],
    ['dt=2020-04-20/HOUR=13/x', 'segment 2 "HOUR=13": does not match "hour={HH}"'],
    ['dt=2020-04-20/dt=2020-04-20/hour=13/x', 'segment 2 "dt=2020-04-20": does not match "hour={HH}"'],
    ['hour=13/dt=2020-04-20/x', 'segment 1 "hour=13": does not match "dt={yyyy}-{MM}-{dd}"'],
    ['dt=2020-04-20/x.json', 'key has 2 segment(s); the layout needs 2 partition segment(s) and an object name'],
    ['dt=2020-04-20/x.json/y', 'segment 2 "x.json": does not match "hour={HH}"'],
    ['dt=2020-04-20/hour=13', 'key has 2 segment(s); the layout needs 2 partition segment(s) and an object name'],
    ['x.json', 'key has 1 segment(s); the layout needs 2 partition segment(s) and an object name'],
    ['dt=../../x', 'segment 2 ".." is a relative path segment'],
    ['dt=2020-04-20/hour=13/./x', 'segment 3 "." is a relative path segment'],
    ['dt=2020-04-20/hour=13/a/../../x', 'segment 4 ".." is a relative path segment'],
    ['dt=2020-04-20//hour=13/x', 'segment 2 is empty (a "//", or a leading or trailing "/")'],
    ['/dt=2020-04-20/hour=13/x', 'segment 1 is empty (a "//", or a leading or trailing "/")'],
    ['dt=2020-04-20/hour=13/', 'segment 3 is empty (a "//", or a leading or trailing "/")'],
    ['dt=2020-04-20/hour=13/a//b', 'segment 4 is empty (a "//", or a leading or trailing "/")'],
    ['', 'segment 1 is empty (a "//", or a leading or trailing "/")'],
    ['dt=2020-04-20\r/hour=13/x', 'segment 1 "dt=2020-04-20\\r": does not match "dt={yyyy}-{MM}-{dd}" (extra characters)'],
  ])('%j', (key, reason) => {
    expect(parseObjectKey(hive, key)).toEqual({ kind: 'not-in-layout', reason });
  });
});

describe('parseObjectKey: other layouts', () => {
  test('firehose: four numeric segments, no names', () => {
    const firehose = compileLayout('firehose', zone('Asia/Tokyo'));
    const parsed = parseObjectKey(firehose, '2020/04/21/08/stream-1-2020-04-20-23-30-00-abc.gz');
    expect(parsed).toEqual({
      kind: 'in-layout',
      partition: { path: '2020/04/21/08', labelMs: ms('2020-04-21T08:00:00Z'), startMs: ms('2020-04-20T23:00:00Z'), endMsExclusive: ms('2020-04-21T00:00:00Z') },
      name: 'stream-1-2020-04-20-23-30-00-abc.gz',
    });
    expect(parseObjectKey(firehose, '2020/04/20/x')).toEqual({ kind: 'not-in-layout', reason: 'key has 4 segment(s); the layout needs 4 partition segment(s) and an object name' });
    expect(parseObjectKey(firehose, '2020/4/20/13/x')).toEqual({ kind: 'not-in-layout', reason: 'segment 2 "4": {MM} must be 2 ASCII digits' });
  });

  test('hive-ymdh: the calendar check spans segments and blames the day', () => {
    const ymdh = compileLayout('hive-ymdh', zone('UTC'));
    expect(parseObjectKey(ymdh, 'year=2021/month=02/day=29/hour=00/x')).toEqual({
      kind: 'not-in-layout',
      reason: 'segment 3 "day=29": day 29 does not exist in 2021-02',
    });
    expect(parseObjectKey(ymdh, 'year=2020/month=02/day=29/hour=00/x').kind).toBe('in-layout');
  });

  test('minute layout checks minutes; daily layout has depth 1', () => {
    const minute = compileLayout('{yyyy}/{MM}/{dd}/{HH}/{mm}', zone('UTC'));
    expect(parseObjectKey(minute, '2020/04/20/13/60/x')).toEqual({ kind: 'not-in-layout', reason: 'segment 5 "60": minute must be 00–59' });
    expect(parseObjectKey(minute, '2020/04/20/13/59/x').kind).toBe('in-layout');
    const daily = compileLayout('dt={yyyy-MM-dd}', zone('UTC'));
    const parsed = parseObjectKey(daily, 'dt=2020-04-20/hour=13/x');
    expect(parsed).toMatchObject({ kind: 'in-layout', name: 'hour=13/x', partition: { path: 'dt=2020-04-20', endMsExclusive: ms('2020-04-21T00:00:00Z') } });
  });

  test('DST partitions in America/New_York: skipped hour is in layout with an empty span', () => {
    const ny = compileLayout('hive', zone('America/New_York'));
    expect(parseObjectKey(ny, 'dt=2020-03-08/hour=02/x')).toMatchObject({
      kind: 'in-layout',
      partition: { startMs: ms('2020-03-08T07:00:00Z'), endMsExclusive: ms('2020-03-08T07:00:00Z') },
    });
    expect(parseObjectKey(ny, 'dt=2020-11-01/hour=01/x')).toMatchObject({
      kind: 'in-layout',
      partition: { startMs: ms('2020-11-01T05:00:00Z'), endMsExclusive: ms('2020-11-01T07:00:00Z') },
    });
  });
});

describe('isHiddenKey', () => {
  test.each([
    ['_repartition/lock.json', true],
    ['_repartition/runs/abc/plan.json', true],
    ['dt=2020-04-20/hour=13/_SUCCESS', true],
    ['dt=2020-04-20/hour=13/.part-0.json.crc', true],
    ['dt=2020-04-20/_temporary/0/part-0.json', true],
    ['.hoodie/x', true],
    ['dt=2020-04-20/hour=13/part_0.json', false],
    ['dt=2020-04-20/hour=13/part.0.json', false],
    ['2020/04/20/13/x', false],
  ])('%s → %s', (key, hidden) => {
    expect(isHiddenKey(key)).toBe(hidden);
  });
});
