/**
 * AthenaCatalog against moto's Athena: the DDL it sends (read back from moto), polling through
 * QUEUED → RUNNING → SUCCEEDED with moto's state manager, timeout, and FAILED. moto's Athena never
 * fails a query, so FAILED comes from the fault proxy rewriting GetQueryExecution's answer
 * (test/helpers/faultProxy.ts, kind athena-failed) — the one fault no server here can produce.
 */
import { GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { afterEach, describe, expect, test } from 'vitest';
import { AthenaCatalog } from '../../src/catalog/athena.js';
import { createAthenaClient } from '../../src/catalog/awsClients.js';
import { compileLayout } from '../../src/layout/index.js';
import { loadZone } from '../../src/time/index.js';
import { startFaultProxy, match } from '../helpers/faultProxy.js';
import type { FaultProxy } from '../helpers/faultProxy.js';
import { testAthenaClient } from '../helpers/glue.js';
import { splitHiveLiterals } from '../helpers/hiveLiteral.js';
import { useMoto } from '../helpers/motoSuite.js';

const moto = useMoto();
const tokyo = loadZone('Asia/Tokyo');
const FAST_POLL = { firstMs: 5, factor: 1.5, maxMs: 20 };
let proxies: FaultProxy[] = [];

afterEach(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  proxies = [];
  await fetch(`${moto.get().server.endpoint}/moto-api/state-manager/unset-transition`, { method: 'POST', body: JSON.stringify({ model_name: 'athena::execution' }) });
});

function catalogAt(endpoint: string, root: string, timeoutMs = 30_000, layout = 'hive') {
  return new AthenaCatalog({
    client: createAthenaClient({ endpointUrl: endpoint }),
    database: 'logs',
    table: 'app',
    layout: compileLayout(layout, tokyo),
    tableRootUri: root,
    workgroup: 'primary',
    outputLocation: 's3://athena-results/repartition/',
    timeoutMs,
    poll: FAST_POLL,
    now: () => Date.now(),
  });
}

async function queriesSent(endpoint: string): Promise<string[]> {
  const athena = testAthenaClient(endpoint);
  const { QueryExecutionIds: ids = [] } = await athena.send(new ListQueryExecutionsCommand({}));
  const texts: string[] = [];
  for (const id of ids) texts.push((await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Query!);
  return texts;
}

async function setTransition(progression: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${moto.get().server.endpoint}/moto-api/state-manager/set-transition`, {
    method: 'POST',
    body: JSON.stringify({ model_name: 'athena::execution', transition: progression }),
  });
  expect(response.ok).toBe(true);
}

describe('AthenaCatalog on moto', () => {
  test('sends one batched ALTER TABLE whose literals read back exactly, even under a hostile table root', async () => {
    const endpoint = moto.get().server.endpoint;
    await moto.get().server.reset();
    const root = "s3://b/it's\\ tricky'); DROP TABLE logs.app; --/";
    const catalog = catalogAt(endpoint, root);
    const partitions = ['dt=2020-04-20/hour=19', 'dt=2020-04-20/hour=20'];
    const result = await catalog.ensurePartitions(partitions);
    expect(result).toEqual({ created: partitions, existing: [], failed: [] });
    const [query, ...others] = await queriesSent(endpoint);
    expect(others).toEqual([]);
    const { literals, shape } = splitHiveLiterals(query!);
    expect(shape).toBe('ALTER TABLE logs.app ADD IF NOT EXISTS\n  PARTITION (dt = ?, hour = ?) LOCATION ?\n  PARTITION (dt = ?, hour = ?) LOCATION ?');
    expect(literals).toEqual(['2020-04-20', '19', `${root}dt=2020-04-20/hour=19/`, '2020-04-20', '20', `${root}dt=2020-04-20/hour=20/`]);
    expect(catalog.ddl()).toEqual([query]);
    // Registered once: a second ensure sends nothing.
    expect((await catalog.ensurePartitions(partitions)).existing).toEqual(partitions);
    expect(await queriesSent(endpoint)).toHaveLength(1);
  });

  test('polls through QUEUED and RUNNING until SUCCEEDED', async () => {
    const endpoint = moto.get().server.endpoint;
    await setTransition({ progression: 'manual', times: 3 });
    const catalog = catalogAt(endpoint, 's3://b/t/');
    const result = await catalog.ensurePartitions(['dt=2020-04-20/hour=19']);
    expect(result.failed).toEqual([]);
    expect(result.created).toEqual(['dt=2020-04-20/hour=19']);
    // moto advances one state per 3 reads: QUEUED ×3, RUNNING ×3, then SUCCEEDED.
    expect(catalog.summary().calls.GetQueryExecution).toBeGreaterThanOrEqual(4);
  });

  test('a query still running at --athena-timeout fails its partitions and is stopped', async () => {
    const endpoint = moto.get().server.endpoint;
    await setTransition({ progression: 'manual', times: 100_000 });
    const catalog = catalogAt(endpoint, 's3://b/t/', 300);
    const result = await catalog.ensurePartitions(['dt=2020-04-20/hour=19']);
    expect(result.created).toEqual([]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.reason).toMatch(/still (QUEUED|RUNNING) after 0.3 s \(--athena-timeout\)/);
    expect(catalog.summary().calls.StopQueryExecution).toBe(1);
  });

  test('FAILED carries Athena\'s reason (fault proxy: moto never fails a query)', async () => {
    const proxy = await startFaultProxy(moto.get().server.endpoint, { seed: 1, rules: [{ name: 'failed', kind: 'athena-failed', when: match.target('AmazonAthena.GetQueryExecution') }] });
    proxies.push(proxy);
    const catalog = catalogAt(proxy.endpoint, 's3://b/t/');
    const result = await catalog.ensurePartitions(['dt=2020-04-20/hour=19', 'dt=2020-04-20/hour=20']);
    expect(proxy.faults.failed).toBeGreaterThan(0);
    expect(result.created).toEqual([]);
    expect(result.failed.map((f) => f.reason)).toEqual([expect.stringMatching(/FAILED: line 1:8: injected by the test fault proxy/), expect.stringMatching(/FAILED/)]);
  });

  test('throttled StartQueryExecution is retried with backoff', async () => {
    const proxy = await startFaultProxy(moto.get().server.endpoint, { seed: 1, rules: [{ name: 'throttle', kind: 'json-throttle', when: match.target('AmazonAthena.StartQueryExecution'), times: 2, burst: 2 }] });
    proxies.push(proxy);
    const catalog = catalogAt(proxy.endpoint, 's3://b/t/');
    const result = await catalog.ensurePartitions(['dt=2020-04-20/hour=19']);
    expect(proxy.faults.throttle).toBe(2);
    expect(result.created).toEqual(['dt=2020-04-20/hour=19']);
    expect(proxy.log.filter((e) => e.fault === 'throttle').map((e) => e.attempt)).toEqual([1, 2]);
  });
});
