import { expect, test } from 'vitest';
import { NoCatalog, addPartitionDdl, sqlString } from '../../src/catalog/none.js';
import { compileLayout } from '../../src/layout/index.js';
import { loadZone } from '../../src/time/index.js';

const utc = loadZone('UTC');

test('partition values and locations are Hive string literals with quotes escaped: no value can inject SQL', () => {
  expect(sqlString("x'); DROP TABLE t; --")).toBe("'x\\'); DROP TABLE t; --'");
  const ddl = addPartitionDdl('db.t', compileLayout('hive', utc), "s3://b/it's/", 'dt=2020-04-20/hour=20');
  expect(ddl).toBe("ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (dt = '2020-04-20', hour = '20') LOCATION 's3://b/it\\'s/dt=2020-04-20/hour=20/';");
});

test.each([
  ['hive-ymdh', 'year=2020/month=04/day=20/hour=20', "(year = '2020', month = '04', day = '20', hour = '20')"],
  ['firehose', '2020/04/20/20', "(partition_0 = '2020', partition_1 = '04', partition_2 = '20', partition_3 = '20')"],
])('DDL for the %s layout', (layout, partition, values) => {
  expect(addPartitionDdl('db.t', compileLayout(layout, utc), 's3://b/t/', partition)).toContain(`PARTITION ${values} LOCATION 's3://b/t/${partition}/'`);
});

test('only partitions that were empty before the run get DDL, once each, sorted', async () => {
  const catalog = new NoCatalog(compileLayout('hive', utc), 'file:///t/', new Set(['dt=2020-04-20/hour=21', 'dt=2020-04-20/hour=20']));
  const first = await catalog.ensurePartitions(['dt=2020-04-20/hour=21', 'dt=2020-04-20/hour=19']);
  expect(first).toEqual({ created: ['dt=2020-04-20/hour=21'], existing: ['dt=2020-04-20/hour=19'], failed: [] });
  await catalog.ensurePartitions(['dt=2020-04-20/hour=20', 'dt=2020-04-20/hour=21']);
  expect(catalog.ddl().map((d) => /hour = '(\d\d)'/.exec(d)![1])).toEqual(['20', '21']);
});
