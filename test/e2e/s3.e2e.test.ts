/**
 * `repartition plan` and `apply` on S3 (moto), spawned exactly as a user would run them, judged by
 * the same oracle as the local-folder runs: clean run, dry run, re-run, crashes, state elsewhere.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { RunReport } from '../../src/report/types.js';
import { judge } from '../helpers/judge.js';
import { DUMMY_AWS_ENV } from '../helpers/moto.js';
import { useMoto } from '../helpers/motoSuite.js';
import { listAll, snapshotS3, uploadTable } from '../helpers/s3Snapshot.js';
import { spawnCli } from '../helpers/spawnCli.js';
import type { SpawnResult } from '../helpers/spawnCli.js';
import { SMALL_OUTAGE, TABLE_FLAGS } from '../helpers/tables.js';

const moto = useMoto();
const PREFIX = 'logs/app/';
const SIBLING = 'logs/app-evil/dt=2020-04-20/hour=22/not-ours.json.gz';
/** moto does not check signatures, so the secret can be a canary that must never be printed. */
const CANARY_SECRET = 'canary-secret-8d1f0c2b';
let table: [string, Uint8Array][] = [];

beforeAll(async () => {
  const objects = new Map<string, Uint8Array>();
  await generateOutageDay(SMALL_OUTAGE, async (key, bytes) => void objects.set(key, bytes));
  table = [...objects];
});

async function freshBucket(): Promise<string> {
  const { client, newBucket } = moto.get();
  const bucket = await newBucket();
  await uploadTable(client, bucket, PREFIX, table);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: SIBLING, Body: table[0]![1] }));
  return bucket;
}

async function cli(command: string, bucket: string, extra: string[] = [], env: Record<string, string> = {}): Promise<SpawnResult & { report: RunReport | null }> {
  const args = [command, `s3://${bucket}/${PREFIX}`, ...TABLE_FLAGS, '--report', 'json', '--endpoint-url', moto.get().server.endpoint, ...extra];
  const result = await spawnCli(args, { ...DUMMY_AWS_ENV, AWS_SECRET_ACCESS_KEY: CANARY_SECRET, ...env });
  expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY_SECRET);
  return { ...result, report: result.stdout.startsWith('{') ? (JSON.parse(result.stdout) as RunReport) : null };
}

const snapshot = (bucket: string) => snapshotS3(moto.get().client, bucket, PREFIX);
const mutating = (report: RunReport): number => report.storeCalls.createIfAbsent + report.storeCalls.deleteIfMatch + report.storeCalls.replaceIfMatch;

describe('repartition on S3 (moto)', () => {
  test('plan changes nothing and apply moves exactly the late records; the judge passes', { timeout: 60_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const keysBefore = await listAll(moto.get().client, bucket, '');
    const dry = await cli('plan', bucket);
    expect(dry.code, dry.stderr).toBe(0);
    expect(mutating(dry.report!)).toBe(0);
    expect(await listAll(moto.get().client, bucket, '')).toEqual(keysBefore);

    const { code, report, stderr } = await cli('apply', bucket);
    expect(code, stderr).toBe(0);
    const after = await snapshot(bucket);
    const verdict = judge(before, after);
    expect(verdict.problems).toEqual([]);
    expect(verdict.late).toBeGreaterThan(100);
    expect(report!.tableRoot).toBe(`s3://${bucket}/${PREFIX}`);
    expect(report!.totals.moved).toBe(verdict.late);
    expect(report!.planHash).toBe(dry.report!.planHash);
    expect(report!.checksum.after).toBe(report!.checksum.before);
    expect(report!.commit).toMatchObject({ committed: report!.totals.objectsToRewrite, conflicts: [] });
    expect(after.hidden).toEqual(expect.arrayContaining([`_repartition/runs/${report!.runId}/plan.json`, `_repartition/runs/${report!.runId}/_SUCCESS.json`]));
    expect(after.hidden).not.toContain('_repartition/lock.json');
    // The sibling prefix was never touched, and the listing changed only inside the root.
    expect((await listAll(moto.get().client, bucket, 'logs/app-evil/'))).toEqual([SIBLING]);
    console.info(`S3 apply: ${report!.commit!.units} units, storeCalls ${JSON.stringify(report!.storeCalls)}`);

    const again = await cli('apply', bucket);
    expect(again.code, again.stderr).toBe(0);
    expect(again.report!.totals.late).toBe(0);
    expect(mutating(again.report!)).toBe(0);
    expect((await cli('verify', bucket)).code).toBe(0);
  });

  test.each([
    ['run.plan-written'],
    ['unit.output-created'],
    ['unit.outputs-verified'],
    ['unit.source-deleted'],
  ])('crash at %s, then a clean re-run: the judge passes', { timeout: 60_000 }, async (checkpoint) => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const crashed = await cli('apply', bucket, [], { REPARTITION_CRASH_AT: `${checkpoint}:1` });
    expect(crashed.signal, `${checkpoint} was never reached:\n${crashed.stderr}`).toBe('SIGKILL');
    const rerun = await cli('apply', bucket);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.report!.commit!.recoveredRuns).toHaveLength(1);
    expect(judge(before, await snapshot(bucket)).problems).toEqual([]);
    const again = await cli('apply', bucket);
    expect(mutating(again.report!)).toBe(0);
  });

  test('a crash during recovery is recovered too', { timeout: 60_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    expect((await cli('apply', bucket, [], { REPARTITION_CRASH_AT: 'unit.output-created:1' })).signal).toBe('SIGKILL');
    expect((await cli('apply', bucket, [], { REPARTITION_CRASH_AT: 'recover.unit.rest-created:1' })).signal).toBe('SIGKILL');
    expect((await cli('apply', bucket)).code).toBe(0);
    expect(judge(before, await snapshot(bucket)).problems).toEqual([]);
  });

  test('an s3:// --state-prefix in another bucket holds the journal; the table holds only data', { timeout: 60_000 }, async () => {
    const bucket = await freshBucket();
    const stateBucket = await moto.get().newBucket();
    const before = await snapshot(bucket);
    const { code, report, stderr } = await cli('apply', bucket, ['--state-prefix', `s3://${stateBucket}/repartition-state`]);
    expect(code, stderr).toBe(0);
    const after = await snapshot(bucket);
    expect(judge(before, after).problems).toEqual([]);
    expect(after.hidden).toEqual([]);
    const state = await listAll(moto.get().client, stateBucket, '');
    expect(state).toEqual(expect.arrayContaining([`repartition-state/runs/${report!.runId}/plan.json`, `repartition-state/runs/${report!.runId}/_SUCCESS.json`]));
    expect(state.filter((k) => k.startsWith(`repartition-state/backup/${report!.runId}/`))).toHaveLength(report!.commit!.committed);
  });
});
