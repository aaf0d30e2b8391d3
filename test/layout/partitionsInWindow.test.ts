import { describe, expect, test } from 'vitest';
import { RepartitionError, UsageError } from '../../src/errors.js';
import { MAX_WINDOW_PARTITIONS, compileLayout, partitionValues, partitionsInWindow } from '../../src/layout/index.js';
import type { PartitionPath } from '../../src/layout/index.js';
import { ms, zone } from './helpers/zones.js';

const paths = (spec: string, zoneName: string, from: string, to: string): string[] =>
  partitionsInWindow(compileLayout(spec, zone(zoneName)), ms(from), ms(to)).map((p) => p.path);

describe('partitionsInWindow', () => {
  test('every partition touched by [from, to), in order; the end is exclusive', () => {
    expect(paths('hive', 'UTC', '2020-04-20T13:30:00Z', '2020-04-20T16:00:00Z')).toEqual([
      'dt=2020-04-20/hour=13',
      'dt=2020-04-20/hour=14',
      'dt=2020-04-20/hour=15',
    ]);
    expect(paths('hive', 'UTC', '2020-04-20T23:00:00Z', '2020-04-21T00:00:00.001Z')).toEqual(['dt=2020-04-20/hour=23', 'dt=2020-04-21/hour=00']);
    expect(paths('dt={yyyy-MM-dd}', 'Asia/Tokyo', '2020-04-20T14:59:59Z', '2020-04-20T15:00:01Z')).toEqual(['dt=2020-04-20', 'dt=2020-04-21']);
  });

  test('an empty window has no partitions', () => {
    expect(paths('hive', 'UTC', '2020-04-20T13:30:00Z', '2020-04-20T13:30:00Z')).toEqual([]);
  });

  test('New York fall back: the repeated hour 01 appears once', () => {
    expect(paths('hive', 'America/New_York', '2020-11-01T04:00:00Z', '2020-11-01T08:00:00Z')).toEqual([
      'dt=2020-11-01/hour=00',
      'dt=2020-11-01/hour=01',
      'dt=2020-11-01/hour=02',
    ]);
  });

  test('New York spring forward: the skipped hour 02 never appears', () => {
    expect(paths('hive', 'America/New_York', '2020-03-08T06:00:00Z', '2020-03-08T08:00:00Z')).toEqual(['dt=2020-03-08/hour=01', 'dt=2020-03-08/hour=03']);
  });

  test('Lord Howe spring forward: the half hour left of hour 02 is found', () => {
    expect(paths('hive', 'Australia/Lord_Howe', '2020-10-03T15:00:00Z', '2020-10-03T17:00:00Z')).toEqual([
      'dt=2020-10-04/hour=01',
      'dt=2020-10-04/hour=02',
      'dt=2020-10-04/hour=03',
    ]);
  });

  test('St Johns 2010: a label that comes back is listed once, in label order', () => {
    // 02:00Z–04:00Z reads 23:30 NDT … 00:01 NDT → 23:01 NST … 00:30 NST.
    expect(paths('hive', 'America/St_Johns', '2010-11-07T02:00:00Z', '2010-11-07T04:00:00Z')).toEqual(['dt=2010-11-06/hour=23', 'dt=2010-11-07/hour=00']);
    // A window wholly inside the minute of hour 00 before the clock fell back.
    expect(paths('hive', 'America/St_Johns', '2010-11-07T02:30:10Z', '2010-11-07T02:30:20Z')).toEqual(['dt=2010-11-07/hour=00']);
  });

  test('St Johns 2010 sprang forward at 00:01: the one-minute hour 00 and hour 01 are both found', () => {
    // 03:30Z = 00:00 NST; 03:31Z = 00:01 NST became 01:01 NDT; 04:30Z = 02:00 NDT.
    const stJohns = compileLayout('hive', zone('America/St_Johns'));
    const spans = partitionsInWindow(stJohns, ms('2010-03-14T03:30:00Z'), ms('2010-03-14T05:00:00Z')).map((p) => [p.path, p.startMs, p.endMsExclusive]);
    expect(spans).toEqual([
      ['dt=2010-03-14/hour=00', ms('2010-03-14T03:30:00Z'), ms('2010-03-14T03:31:00Z')],
      ['dt=2010-03-14/hour=01', ms('2010-03-14T03:31:00Z'), ms('2010-03-14T04:30:00Z')],
      ['dt=2010-03-14/hour=02', ms('2010-03-14T04:30:00Z'), ms('2010-03-14T05:30:00Z')],
    ]);
  });

  test('more than a million partitions is refused on --from', () => {
    const minute = compileLayout('{yyyy}/{MM}/{dd}/{HH}/{mm}', zone('UTC'));
    const from = ms('2020-01-01T00:00:00Z');
    const error = (() => {
      try {
        partitionsInWindow(minute, from, from + (MAX_WINDOW_PARTITIONS + 1) * 60_000);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'USAGE', context: { option: '--from' } });
    expect((error as Error).message).toBe(
      'Expected a window of at most 1,000,000 minute partitions; 2020-01-01T00:00:00.000Z … 2021-11-25T10:41:00.000Z has more',
    );
  });

  test('from after to is refused on --from', () => {
    const hive = compileLayout('hive', zone('UTC'));
    expect(() => partitionsInWindow(hive, 2, 1)).toThrow(UsageError);
    expect(() => partitionsInWindow(hive, 0, Number.NaN)).toThrow(/Expected --from to be an instant before --to/);
  });
});

describe('partitionValues', () => {
  test.each([
    ['hive', 'dt=2020-04-20/hour=13', [['dt', '2020-04-20'], ['hour', '13']]],
    ['hive-ymdh', 'year=2020/month=04/day=20/hour=13', [['year', '2020'], ['month', '04'], ['day', '20'], ['hour', '13']]],
    ['firehose', '2020/04/20/13', [['partition_0', '2020'], ['partition_1', '04'], ['partition_2', '20'], ['partition_3', '13']]],
    ['dt={yyyy-MM-dd}/{HH}', 'dt=2020-04-20/13', [['dt', '2020-04-20'], ['partition_1', '13']]],
    ['dt={yyyyMMdd}/hm={HH}{mm}', 'dt=20200420/hm=1305', [['dt', '20200420'], ['hm', '1305']]],
  ])('%s: %s', (spec, path, expected) => {
    const layout = compileLayout(spec, zone('UTC'));
    expect(partitionValues(layout, path as PartitionPath)).toEqual(expected.map(([name, value]) => ({ name, value })));
  });

  test('a path of another layout is a caller bug (INTERNAL)', () => {
    const hive = compileLayout('hive', zone('UTC'));
    expect(() => partitionValues(hive, '2020/04/20/13' as PartitionPath)).toThrow(RepartitionError);
    expect(() => partitionValues(hive, 'dt=2020-04-20/h=13' as PartitionPath)).toThrow(/does not fit layout dt=\{yyyy\}-\{MM\}-\{dd\}\/hour=\{HH\}/);
  });
});
