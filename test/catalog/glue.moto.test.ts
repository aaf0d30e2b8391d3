/**
 * GlueCatalog against moto's Glue (TESTING.md tier 3): existence, chunked creation, per-partition
 * Errors, locations, projection. moto does not enforce Glue's request-size limits, so the chunk
 * sizes are proven by counting calls and by the partitions that exist afterwards.
 */
import { BatchCreatePartitionCommand, CreatePartitionCommand, GetPartitionCommand } from '@aws-sdk/client-glue';
import { afterEach, describe, expect, test } from 'vitest';
import { createGlueClient } from '../../src/catalog/awsClients.js';
import { GlueCatalog } from '../../src/catalog/glue.js';
import { compileLayout } from '../../src/layout/index.js';
import { loadZone } from '../../src/time/index.js';
import { LAYOUT_KEYS, createLogTable, jsonTableStorage, listPartitions, testGlueClient } from '../helpers/glue.js';
import { match, startFaultProxy } from '../helpers/faultProxy.js';
import type { FaultProxy } from '../helpers/faultProxy.js';
import { useMoto } from '../helpers/motoSuite.js';

const moto = useMoto();
const ROOT = 's3://bucket/logs/app/';
const NOW = Date.UTC(2020, 3, 21);
const tokyo = loadZone('Asia/Tokyo');

/** `count` consecutive hour partitions (hive layout) ending at 2020-04-20 hour 23. */
function hours(count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const d = new Date(Date.UTC(2020, 3, 20, 23) - k * 3_600_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `dt=${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}/hour=${p(d.getUTCHours())}`;
  }).sort();
}

let proxies: FaultProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  proxies = [];
});

async function setup(parameters?: Record<string, string>, layout = 'hive', endpoint = moto.get().server.endpoint) {
  const glue = testGlueClient(endpoint);
  const { database, table } = await createLogTable(glue, ROOT, LAYOUT_KEYS[layout]!, parameters);
  const catalog = new GlueCatalog({ client: createGlueClient({ endpointUrl: endpoint }), database, table, layout: compileLayout(layout, tokyo), tableRootUri: ROOT, now: () => NOW });
  return { glue, database, table, catalog };
}

describe('GlueCatalog on moto', () => {
  test('creates missing partitions in chunks of 100 with the table storage descriptor and their own location', async () => {
    const { glue, database, table, catalog } = await setup();
    const wanted = hours(130);
    const result = await catalog.ensurePartitions(wanted);
    expect(result.created.slice().sort()).toEqual(wanted);
    expect(result.failed).toEqual([]);
    const summary = catalog.summary();
    expect(summary.calls).toEqual({ GetTable: 1, BatchGetPartition: 1, BatchCreatePartition: 2 });
    const partitions = await listPartitions(glue, database, table);
    expect(partitions.map((p) => `dt=${p.Values![0]}/hour=${p.Values![1]}`).sort()).toEqual(wanted);
    const one = partitions.find((p) => p.Values![1] === '07')!;
    const expectedStorage = jsonTableStorage(`${ROOT}dt=${one.Values![0]}/hour=07/`);
    expect(one.StorageDescriptor).toMatchObject(expectedStorage);
    // A second ensure is answered from what the catalog learned: no more calls.
    expect((await catalog.ensurePartitions(wanted.slice(0, 3))).existing).toEqual(wanted.slice(0, 3));
    expect(catalog.summary().calls).toEqual(summary.calls);
  });

  test('existence is asked in chunks of 1,000 keys', async () => {
    const { catalog } = await setup();
    const many = hours(1_200);
    const inspection = await catalog.inspect(many);
    expect(inspection.missing).toHaveLength(1_200);
    expect(catalog.summary().calls).toEqual({ GetTable: 1, BatchGetPartition: 2 });
  });

  test('AlreadyExists in Errors at our location is success; at another location it fails that partition only', async () => {
    const { glue, database, table, catalog } = await setup();
    const [same, other, fresh] = hours(3) as [string, string, string];
    // The catalog looks first (nothing there), then a concurrent writer registers two of them.
    expect((await catalog.inspect([same, other, fresh])).missing).toHaveLength(3);
    const values = (p: string) => [/dt=([^/]+)/.exec(p)![1]!, /hour=(\d+)/.exec(p)![1]!];
    await glue.send(new CreatePartitionCommand({ DatabaseName: database, TableName: table, PartitionInput: { Values: values(same), StorageDescriptor: jsonTableStorage(`${ROOT}${same}`) } }));
    await glue.send(new CreatePartitionCommand({ DatabaseName: database, TableName: table, PartitionInput: { Values: values(other), StorageDescriptor: jsonTableStorage('s3://elsewhere/x/') } }));
    const result = await catalog.ensurePartitions([same, other, fresh]);
    expect(result.created).toEqual([fresh]);
    expect(result.existing).toEqual([same]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.partition).toBe(other);
    expect(result.failed[0]!.reason).toMatch(/at s3:\/\/elsewhere\/x\/.*never changes an existing partition/);
    // Never updated: the foreign partition keeps its location.
    const kept = await glue.send(new GetPartitionCommand({ DatabaseName: database, TableName: table, PartitionValues: values(other) }));
    expect(kept.Partition!.StorageDescriptor!.Location).toBe('s3://elsewhere/x/');
  });

  test('a partition registered elsewhere before the run is reported as invisible by inspect', async () => {
    const { glue, database, table, catalog } = await setup();
    const [p] = hours(1) as [string];
    await glue.send(new BatchCreatePartitionCommand({ DatabaseName: database, TableName: table, PartitionInputList: [{ Values: ['2020-04-20', '23'], StorageDescriptor: jsonTableStorage('s3://bucket/old-root/dt=2020-04-20/hour=23/') }] }));
    const inspection = await catalog.inspect([p]);
    expect(inspection.invisible.map((i) => i.partition)).toEqual([p]);
  });

  test('Firehose layout: values by position into year/month/day/hour keys, explicit locations', async () => {
    const { glue, database, table, catalog } = await setup(undefined, 'firehose');
    await catalog.ensurePartitions(['2020/04/20/19', '2020/04/20/20']);
    const partitions = await listPartitions(glue, database, table);
    expect(partitions.map((p) => [p.Values, p.StorageDescriptor!.Location]).sort()).toEqual([
      [['2020', '04', '20', '19'], `${ROOT}2020/04/20/19/`],
      [['2020', '04', '20', '20'], `${ROOT}2020/04/20/20/`],
    ]);
  });

  test('a projected table gets no writes; destinations outside the projection are invisible', async () => {
    const { glue, database, table, catalog } = await setup({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2020-04-01,NOW',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': `${ROOT}dt=\${dt}/hour=\${hour}/`,
    });
    const result = await catalog.ensurePartitions(['dt=2020-04-20/hour=20', 'dt=2020-03-31/hour=23']);
    expect(result.existing).toEqual(['dt=2020-04-20/hour=20']);
    expect(result.failed.map((f) => f.partition)).toEqual(['dt=2020-03-31/hour=23']);
    expect(catalog.summary()).toMatchObject({ projection: true, calls: { GetTable: 1 } });
    expect(await listPartitions(glue, database, table)).toEqual([]);
  });

  test('a table that does not exist is a configuration error naming it', async () => {
    const endpoint = moto.get().server.endpoint;
    const catalog = new GlueCatalog({ client: createGlueClient({ endpointUrl: endpoint }), database: 'nope', table: 'app', layout: compileLayout('hive', tokyo), tableRootUri: ROOT, now: () => NOW });
    await expect(catalog.inspect(hours(1))).rejects.toMatchObject({ code: 'CATALOG_CONFIG', message: expect.stringContaining('nope.app') });
  });

  test.each(['ThrottlingException', 'OperationTimeoutException'])('%s from BatchCreatePartition is retried with backoff', async (errorCode) => {
    const proxy = await startFaultProxy(moto.get().server.endpoint, { seed: 7, rules: [{ name: 'busy', kind: 'json-throttle', errorCode, when: match.target('AWSGlue.BatchCreatePartition'), times: 2, burst: 2 }] });
    proxies.push(proxy);
    const { glue, database, table, catalog } = await setup(undefined, 'hive', proxy.endpoint);
    const result = await catalog.ensurePartitions(hours(2));
    expect(proxy.faults.busy).toBe(2);
    expect(result.created).toHaveLength(2);
    expect(await listPartitions(glue, database, table)).toHaveLength(2);
  });
});
