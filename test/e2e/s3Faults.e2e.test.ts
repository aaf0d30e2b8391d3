/**
 * Network faults on S3 (reliability.md §3 C1, C2, C4, C3 for reads, and B3 the paused holder):
 * the spawned CLI talks to moto through test/helpers/faultProxy.ts, which forwards every request
 * to the real server and only turns answers into failures. This is the one non-server fault the
 * house rules allow (TESTING.md "Faults"). Every scenario is judged by the same oracle, asserts
 * that its fault fired (counter > 0), and where it allows, ends with a clean re-run that changes
 * nothing.
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { RunReport } from '../../src/report/types.js';
import { match, startFaultProxy } from '../helpers/faultProxy.js';
import type { FaultProxy, FaultRule, ProxyLogEntry } from '../helpers/faultProxy.js';
import { judge } from '../helpers/judge.js';
import { DUMMY_AWS_ENV } from '../helpers/moto.js';
import { useMoto } from '../helpers/motoSuite.js';
import { listAll, snapshotS3, uploadTable } from '../helpers/s3Snapshot.js';
import { CLI_PATH, spawnCli } from '../helpers/spawnCli.js';
import type { SpawnResult } from '../helpers/spawnCli.js';
import { SMALL_OUTAGE, TABLE_FLAGS } from '../helpers/tables.js';

const moto = useMoto();
const PREFIX = 'logs/app/';
/** Printed with every failure so a run can be replayed. */
const SEED = Number(process.env.FAULT_SEED ?? 20200420);
let table: [string, Uint8Array][] = [];
let proxies: FaultProxy[] = [];

beforeAll(async () => {
  const objects = new Map<string, Uint8Array>();
  await generateOutageDay(SMALL_OUTAGE, async (key, bytes) => void objects.set(key, bytes));
  table = [...objects];
});
afterEach(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  proxies = [];
});

async function freshBucket(): Promise<string> {
  const { client, newBucket } = moto.get();
  const bucket = await newBucket();
  await uploadTable(client, bucket, PREFIX, table);
  return bucket;
}

async function proxy(rules: FaultRule[] = [], latencyMs = 0): Promise<FaultProxy> {
  const started = await startFaultProxy(moto.get().server.endpoint, { seed: SEED, rules, latencyMs });
  proxies.push(started);
  return started;
}

function args(command: string, bucket: string, endpoint: string): string[] {
  return [command, `s3://${bucket}/${PREFIX}`, ...TABLE_FLAGS, '--report', 'json', '--endpoint-url', endpoint];
}

async function cli(command: string, bucket: string, endpoint: string, env: Record<string, string> = {}): Promise<SpawnResult & { report: RunReport | null }> {
  const result = await spawnCli(args(command, bucket, endpoint), { ...DUMMY_AWS_ENV, ...env });
  return { ...result, report: result.stdout.startsWith('{') ? (JSON.parse(result.stdout) as RunReport) : null };
}

const snapshot = (bucket: string) => snapshotS3(moto.get().client, bucket, PREFIX);
const mutating = (report: RunReport): number => report.storeCalls.createIfAbsent + report.storeCalls.deleteIfMatch + report.storeCalls.replaceIfMatch;
const seedNote = `seed ${SEED} (FAULT_SEED=${SEED} replays it)`;

/** A clean apply after the scenario changes nothing, and the judge holds. */
async function expectSettled(bucket: string, before: Awaited<ReturnType<typeof snapshot>>): Promise<void> {
  expect(judge(before, await snapshot(bucket)).problems, seedNote).toEqual([]);
  const again = await cli('apply', bucket, moto.get().server.endpoint);
  expect(again.code, again.stderr).toBe(0);
  expect(mutating(again.report!)).toBe(0);
  expect(again.report!.totals.late).toBe(0);
}

/** Gaps between consecutive attempts of each logical request that was retried, by attempt number. */
function retryGaps(log: readonly ProxyLogEntry[]): Map<number, number[]> {
  const byInvocation = new Map<string, ProxyLogEntry[]>();
  for (const entry of log) {
    if (entry.invocation === undefined) continue;
    byInvocation.set(entry.invocation, [...(byInvocation.get(entry.invocation) ?? []), entry]);
  }
  const gaps = new Map<number, number[]>();
  for (const attempts of byInvocation.values()) {
    attempts.sort((a, b) => a.at - b.at);
    for (let i = 1; i < attempts.length; i++) {
      const n = attempts[i]!.attempt ?? i + 1;
      gaps.set(n, [...(gaps.get(n) ?? []), attempts[i]!.at - attempts[i - 1]!.at]);
    }
  }
  return gaps;
}
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

describe('S3 faults through a forwarding proxy (moto)', () => {
  test('a dry run makes zero PUT/POST/DELETE requests (counted at the proxy)', { timeout: 60_000 }, async () => {
    const bucket = await freshBucket();
    const keys = await listAll(moto.get().client, bucket, '');
    const p = await proxy();
    const dry = await cli('plan', bucket, p.endpoint);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.report!.totals.late).toBeGreaterThan(100);
    expect(p.requests.GET ?? 0).toBeGreaterThan(0);
    expect({ PUT: p.requests.PUT ?? 0, POST: p.requests.POST ?? 0, DELETE: p.requests.DELETE ?? 0 }).toEqual({ PUT: 0, POST: 0, DELETE: 0 });
    expect(await listAll(moto.get().client, bucket, '')).toEqual(keys);
    console.info(`dry run requests: ${JSON.stringify(p.requests)}`);
  });

  test('C1: 20 % SlowDown bursts on GET, PUT and DELETE: apply completes, retries are spaced by backoff', { timeout: 240_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const p = await proxy([{ name: 'slowdown', kind: 'slowdown', when: match.methods('GET', 'PUT', 'DELETE'), probability: 0.2, burst: 2 }]);
    const run = await cli('apply', bucket, p.endpoint);
    expect(run.code, `${seedNote}\n${run.stderr}`).toBe(0);
    expect(run.report!.commit!.conflicts).toEqual([]);
    expect(p.faults.slowdown ?? 0).toBeGreaterThan(0);
    const gaps = retryGaps(p.log);
    const second = gaps.get(2) ?? [];
    const third = gaps.get(3) ?? [];
    // Every SlowDown was followed by a retry of the same request, and no request went past 8 attempts.
    expect(second.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...p.log.map((e) => e.attempt ?? 1))).toBeLessThanOrEqual(8);
    // Backoff with full jitter: each gap is random in [0, base·2^n) (base 1 s for throttling, plus
    // the adaptive client's own rate limiting), so no single gap is bounded below: judge the means,
    // and that hardly any retry went out at once.
    const all = [...gaps.values()].flat();
    expect(all.filter((g) => g < 20).length, `retry gaps: ${all.map(Math.round).join(' ')}`).toBeLessThanOrEqual(Math.ceil(all.length / 10));
    expect(mean(second), `gaps before attempt 2: ${second.map(Math.round).join(' ')}`).toBeGreaterThanOrEqual(200);
    if (third.length >= 10) expect(mean(third), `gaps before attempt 3: ${third.map(Math.round).join(' ')}`).toBeGreaterThanOrEqual(400);
    console.info(`C1 requests ${JSON.stringify(p.requests)}, faults ${JSON.stringify(p.faults)}, mean gap ms before attempt 2: ${Math.round(mean(second))} (n=${second.length}), 3: ${Math.round(mean(third))} (n=${third.length})`);
    await expectSettled(bucket, before);
  });

  test.each([
    ['create (PUT If-None-Match)', match.create(), 0],
    ['conditional DELETE (If-Match)', match.conditionalDelete(), 0],
    // 80 ms per request stretches the run over several renewals (one a second with a 3 s lease).
    ['lock renewal (PUT If-Match on lock.json)', match.lockRenewal(), 80],
  ])('C2: response lost after moto applied every %s: no false conflict, no duplicate, no rollback', { timeout: 120_000 }, async (_, when, latencyMs) => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    // The first attempt of every such request is applied by moto and its answer dropped.
    const p = await proxy([{ name: 'drop', kind: 'drop-after-apply', when: (r) => when(r) && /attempt=1;/.test(String(r.headers['amz-sdk-request'])) }], latencyMs);
    // A short lease so that it is renewed (every second) while the run works.
    const run = await cli('apply', bucket, p.endpoint, { REPARTITION_TEST_LEASE_MS: '3000' });
    expect(run.code, `${seedNote}\n${run.stderr}`).toBe(0);
    expect(p.faults.drop ?? 0, 'the fault never fired').toBeGreaterThan(0);
    const commit = run.report!.commit!;
    expect(commit.conflicts).toEqual([]);
    expect(commit.committed + commit.alreadyCommitted).toBe(commit.units);
    expect(run.report!.totals.moved).toBe(judge(before, before).late);
    // No rollback: not one of our outputs was ever deleted.
    expect(p.log.filter((e) => e.method === 'DELETE' && /\.lr-[0-9a-f]{12}/.test(e.url)).map((e) => e.url)).toEqual([]);
    console.info(`C2 ${_}: requests ${JSON.stringify(p.requests)}, dropped ${p.faults.drop}, committed ${commit.committed}, already ${commit.alreadyCommitted}`);
    await expectSettled(bucket, before);
  });

  test('C4: 409 ConditionalRequestConflict on conditional writes and deletes is retried', { timeout: 120_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const conditional = (r: Parameters<FaultRule['when']>[0]): boolean => match.create()(r) || match.conditionalDelete()(r) || match.lockRenewal()(r);
    const p = await proxy([{ name: 'conflict', kind: 'conflict', when: conditional, probability: 0.3 }]);
    const run = await cli('apply', bucket, p.endpoint);
    expect(run.code, `${seedNote}\n${run.stderr}`).toBe(0);
    expect(run.report!.commit!.conflicts).toEqual([]);
    expect(p.faults.conflict ?? 0).toBeGreaterThan(0);
    console.info(`C4 requests ${JSON.stringify(p.requests)}, faults ${JSON.stringify(p.faults)}`);
    await expectSettled(bucket, before);
  });

  test('C3 (reads): a connection reset mid-body on GET is resumed from the byte reached; the run completes', { timeout: 120_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const objectGet = (r: Parameters<FaultRule['when']>[0]): boolean => r.method === 'GET' && /\.gz(\?|$)/.test(r.url);
    const p = await proxy([{ name: 'reset', kind: 'reset-mid-body', when: objectGet, probability: 0.05, times: 3 }]);
    const run = await cli('apply', bucket, p.endpoint);
    expect(p.faults.reset ?? 0).toBeGreaterThan(0);
    console.info(`C3 exit ${run.code}, requests ${JSON.stringify(p.requests)}, faults ${JSON.stringify(p.faults)}`);
    // The store resumes a broken body with a ranged GET of the same version (If-Match).
    expect(run.code, `${seedNote}\n${run.stderr}`).toBe(0);
    expect(run.report!.totals.unreadableObjects).toBe(0);
    expect(run.report!.commit!.conflicts).toEqual([]);
    await expectSettled(bucket, before);
  });

  test('B3: a paused lease holder is taken over; resumed, it stops before its next change and exits non-zero', { timeout: 120_000 }, async () => {
    const bucket = await freshBucket();
    const before = await snapshot(bucket);
    const leaseMs = 3000;
    // A goes through the proxy so that its requests after the resume can be counted.
    const p = await proxy();
    const a = spawn(process.execPath, [CLI_PATH, ...args('apply', bucket, p.endpoint)], {
      env: { PATH: process.env.PATH ?? '', ...DUMMY_AWS_ENV, REPARTITION_TEST_LEASE_MS: String(leaseMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let aErr = '';
    a.stderr.on('data', (chunk: Buffer) => (aErr += chunk.toString()));
    const aDone = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => a.on('close', (code, signal) => resolve({ code, signal })));
    let stopped = false;
    try {
      // Wait for A's first output in the bucket, then freeze A.
      for (let i = 0; ; i++) {
        if ((await listAll(moto.get().client, bucket, PREFIX)).some((k) => /\.lr-[0-9a-f]{12}/.test(k))) break;
        if (i > 600) throw new Error(`A wrote no output:\n${aErr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      a.kill('SIGSTOP');
      stopped = true;
      await new Promise((r) => setTimeout(r, leaseMs + 1500)); // A's lease expires
      const b = await cli('apply', bucket, moto.get().server.endpoint, { REPARTITION_TEST_LEASE_MS: String(leaseMs) });
      expect(b.code, b.stderr).toBe(0);
      const resumedAt = performance.now();
      a.kill('SIGCONT');
      stopped = false;
      const aExit = await aDone;
      expect(aExit.code, aErr).not.toBe(0);
      expect(aExit.code).not.toBeNull();
      expect(aErr).toMatch(/Lost the table lease/);
      // After the resume A changed nothing: no mutating request of A succeeded.
      const late = p.log.filter((e) => e.at >= resumedAt && ['PUT', 'POST', 'DELETE'].includes(e.method) && e.status !== null && e.status < 300);
      expect(late.map((e) => `${e.method} ${e.url} → ${e.status}`)).toEqual([]);
      console.info(`B3: A exit ${aExit.code}; B recovered ${b.report!.commit!.recoveredRuns.length} run(s); A requests after resume: ${p.log.filter((e) => e.at >= resumedAt).map((e) => `${e.method} ${e.status}`).join(', ')}`);
    } finally {
      if (stopped) a.kill('SIGCONT');
      a.kill('SIGKILL');
    }
    await expectSettled(bucket, before);
  });
});
