import { expect, test } from 'vitest';
import { catalogPartition, mapKeys, sameLocation } from '../../src/catalog/partitionKeys.js';
import { RepartitionError } from '../../src/errors.js';
import { compileLayout } from '../../src/layout/index.js';
import { loadZone } from '../../src/time/index.js';

const utc = loadZone('UTC');
const str = (...names: string[]) => names.map((name) => ({ name, type: 'string' }));

test('Hive segments match keys by name, in the table\'s key order', () => {
  const layout = compileLayout('hive', utc);
  const mapping = mapKeys(layout, str('hour', 'dt'), 'db.t', 'dt=2020-04-20/hour=20');
  expect(catalogPartition(layout, mapping, 's3://b/t', 'dt=2020-04-21/hour=07')).toEqual({
    partition: 'dt=2020-04-21/hour=07',
    values: ['07', '2020-04-21'],
    location: 's3://b/t/dt=2020-04-21/hour=07/',
  });
});

test('year/month/day/hour with integer keys', () => {
  const layout = compileLayout('hive-ymdh', utc);
  const keys = [{ name: 'year', type: 'int' }, { name: 'month', type: 'int' }, { name: 'day', type: 'int' }, { name: 'hour', type: 'int' }];
  const mapping = mapKeys(layout, keys, 'db.t', 'year=2020/month=04/day=20/hour=20');
  expect(catalogPartition(layout, mapping, 's3://b/t/', 'year=2020/month=04/day=20/hour=05').values).toEqual(['2020', '04', '20', '05']);
});

test('Firehose YYYY/MM/DD/HH segments match keys by position, whatever their names', () => {
  const layout = compileLayout('firehose', utc);
  const mapping = mapKeys(layout, str('year', 'month', 'day', 'hour'), 'db.t', '2020/04/20/20');
  expect(catalogPartition(layout, mapping, 's3://b/logs/', '2020/04/20/13')).toEqual({ partition: '2020/04/20/13', values: ['2020', '04', '20', '13'], location: 's3://b/logs/2020/04/20/13/' });
});

test.each([
  ['hive', str('dt'), 'the counts differ'],
  ['hive', str('dt', 'hr'), 'no segment is named hr'],
  ['firehose', str('a', 'b', 'c'), 'the counts differ'],
])('a table that does not fit the layout is a configuration error (%s, %j)', (preset, keys, why) => {
  const layout = compileLayout(preset, utc);
  const sample = preset === 'hive' ? 'dt=2020-04-20/hour=20' : '2020/04/20/20';
  expect(() => mapKeys(layout, keys, 'db.t', sample)).toThrow(why);
  try {
    mapKeys(layout, keys, 'db.t', sample);
  } catch (error) {
    expect((error as RepartitionError).code).toBe('CATALOG_CONFIG');
  }
});

test('a value that does not fit its key type is refused, not registered', () => {
  const layout = compileLayout('dt={yyyy}-{MM}-{dd}/hour={HH}', utc);
  const mapping = mapKeys(layout, [{ name: 'dt', type: 'int' }, { name: 'hour', type: 'int' }], 'db.t', 'dt=2020-04-20/hour=20');
  expect(() => catalogPartition(layout, mapping, 's3://b/t/', 'dt=2020-04-20/hour=20')).toThrow(/not an integer/);
});

test('locations compare without trailing slashes', () => {
  expect(sameLocation('s3://b/t/dt=1/', 's3://b/t/dt=1')).toBe(true);
  expect(sameLocation('s3://b/t/dt=1/', 's3://b/u/dt=1/')).toBe(false);
});
