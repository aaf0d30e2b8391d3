/**
 * The apply end-to-end suite (crash.e2e / apply.e2e) on S3 against moto, judged by the same oracle
 * through its S3 snapshot: a crash at every checkpoint, crashes during recovery, 50 seeded random
 * SIGKILLs, two runners (locked and lock-disabled), and the foreign writer. What s3.e2e.test.ts
 * already runs on moto (4 checkpoints, one recovery pair, plan hash, re-run no-op) is not repeated.
 *
 * Every scenario gets a fresh copy of the table in its own bucket, so scenarios never see each other.
 */
import { spawn } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { CHECKPOINTS, RUN_CHECKPOINTS, UNIT_CHECKPOINTS } from '../../src/commit/checkpoints.js';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { RunReport } from '../../src/report/types.js';
import { judge } from '../helpers/judge.js';
import type { Snapshot } from '../helpers/judge.js';
import { DUMMY_AWS_ENV } from '../helpers/moto.js';
import { useMoto } from '../helpers/motoSuite.js';
import { readObject, snapshotS3, uploadTable } from '../helpers/s3Snapshot.js';
import { CLI_PATH, spawnCli } from '../helpers/spawnCli.js';
import type { SpawnResult } from '../helpers/spawnCli.js';
import { SMALL_OUTAGE, TABLE_FLAGS } from '../helpers/tables.js';
import { RECOVERY_PAIRS } from '../helpers/crashPairs.js';

const moto = useMoto();
let table: [string, Uint8Array][] = [];

/** One scenario's copy of the table: its own bucket, so moto's listings stay as small as the table. */
interface Table {
  readonly bucket: string;
  readonly prefix: string;
}

beforeAll(async () => {
  const objects = new Map<string, Uint8Array>();
  await generateOutageDay(SMALL_OUTAGE, async (key, bytes) => void objects.set(key, bytes));
  table = [...objects];
});

/** A fresh copy of the small outage table in a new bucket. */
async function freshTable(): Promise<Table> {
  const t = { bucket: await moto.get().newBucket(), prefix: 'logs/app/' };
  await uploadTable(moto.get().client, t.bucket, t.prefix, table);
  return t;
}

const snapshot = (t: Table): Promise<Snapshot> => snapshotS3(moto.get().client, t.bucket, t.prefix);
const readKey = async (t: Table, key: string): Promise<Buffer> => readObject(moto.get().client, t.bucket, `${t.prefix}${key}`);
const mutating = (report: RunReport): number => report.storeCalls.createIfAbsent + report.storeCalls.deleteIfMatch + report.storeCalls.replaceIfMatch;

function argsFor(command: string, t: Table): string[] {
  return [command, `s3://${t.bucket}/${t.prefix}`, ...TABLE_FLAGS, '--report', 'json', '--endpoint-url', moto.get().server.endpoint];
}

async function cli(command: string, t: Table, env: Record<string, string> = {}): Promise<SpawnResult & { report: RunReport | null }> {
  const result = await spawnCli(argsFor(command, t), { ...DUMMY_AWS_ENV, ...env });
  return { ...result, report: result.stdout.startsWith('{') ? (JSON.parse(result.stdout) as RunReport) : null };
}

async function crashAt(t: Table, checkpoint: string): Promise<void> {
  const result = await cli('apply', t, { REPARTITION_CRASH_AT: `${checkpoint}:1` });
  // Proof that the fault fired: the process died of its own SIGKILL at that checkpoint.
  expect(result.signal, `${checkpoint} was never reached (exit ${result.code}):\n${result.stderr}`).toBe('SIGKILL');
}

async function cleanRun(t: Table): Promise<RunReport> {
  const result = await cli('apply', t);
  expect(result.code, result.stderr).toBe(0);
  return result.report!;
}

const FIRST_RUN_CHECKPOINTS = CHECKPOINTS.filter((name) => !name.startsWith('recover.'));
const RECOVERY_CHECKPOINTS = CHECKPOINTS.filter((name) => name.startsWith('recover.'));
/** Run on moto by s3.e2e.test.ts already (same assertions): not repeated here. */
const FIRST_RUN_IN_S3_E2E = ['run.plan-written', 'unit.output-created', 'unit.outputs-verified', 'unit.source-deleted'];
const PAIR_IN_S3_E2E: [string, string] = ['unit.output-created', 'recover.unit.rest-created'];

describe('S3 (moto): crash at every checkpoint, then re-run', () => {
  test('the lists walked here (with s3.e2e) are the exported list', () => {
    expect([...FIRST_RUN_CHECKPOINTS, ...RECOVERY_CHECKPOINTS].sort()).toEqual([...CHECKPOINTS].sort());
    expect(CHECKPOINTS.length).toBeGreaterThanOrEqual(12);
    expect(RUN_CHECKPOINTS.length + UNIT_CHECKPOINTS.length * 2).toBe(CHECKPOINTS.length);
    for (const name of FIRST_RUN_IN_S3_E2E) expect(FIRST_RUN_CHECKPOINTS).toContain(name);
  });

  test.each(FIRST_RUN_CHECKPOINTS.filter((name) => !FIRST_RUN_IN_S3_E2E.includes(name)))('crash at %s', { timeout: 90_000 }, async (checkpoint) => {
    const t = await freshTable();
    const before = await snapshot(t);
    await crashAt(t, checkpoint);
    const report = await cleanRun(t);
    expect(judge(before, await snapshot(t)).problems).toEqual([]);
    // A crash after the plan was journaled is finished by recovery, not planned over.
    if (!['run.lock-acquired', 'run.success-written'].includes(checkpoint)) expect(report.commit?.recoveredRuns.length ?? 0).toBe(1);
    const again = await cleanRun(t);
    expect(again.totals.late).toBe(0);
    expect(mutating(again)).toBe(0);
  });

  // The same (crash, crash-during-recovery) pairs as the local suite.
  const pairs = RECOVERY_PAIRS.filter(([i, j]) => !(i === PAIR_IN_S3_E2E[0] && j === PAIR_IN_S3_E2E[1])).map(([i, j]) => [i, j] as [string, string]);
  test('every recovery checkpoint is in at least one pair (here or in s3.e2e)', () => {
    expect(new Set([...pairs, PAIR_IN_S3_E2E].map(([, j]) => j))).toEqual(new Set(RECOVERY_CHECKPOINTS));
  });
  test.each(pairs)('crash at %s, then during recovery at %s', { timeout: 90_000 }, async (i, j) => {
    const t = await freshTable();
    const before = await snapshot(t);
    await crashAt(t, i);
    await crashAt(t, j);
    const report = await cleanRun(t);
    // The crashed recovery is recovered in turn, unless it died after journaling its run's success.
    expect(report.commit?.recoveredRuns.length ?? 0).toBe(j === 'recover.success-written' ? 0 : 1);
    expect(judge(before, await snapshot(t)).problems).toEqual([]);
    const again = await cleanRun(t);
    expect(mutating(again)).toBe(0);
  });
});

describe('S3 (moto): random SIGKILL', () => {
  test('50 seeded kills of a running apply, each followed by a clean re-run', { timeout: 900_000 }, async () => {
    const SEED = Number(process.env.REPARTITION_TEST_SEED ?? 0x2020_0420);
    let state = SEED >>> 0;
    const random = (): number => {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return state / 2 ** 32;
    };
    const spawnApply = (t: Table) =>
      spawn(process.execPath, [CLI_PATH, ...argsFor('apply', t)], { env: { PATH: process.env.PATH ?? '', ...DUMMY_AWS_ENV }, stdio: 'ignore' });
    const closed = (child: ReturnType<typeof spawnApply>) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // Clean runs timed the same way as the killed ones: delays are drawn in [0, that]. The shortest
    // of three counts, so one slow probe run cannot push delays past the end of a typical run.
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const probe = await freshTable();
      const started = Date.now();
      const probeExit = await closed(spawnApply(probe));
      timings.push(Date.now() - started);
      expect(probeExit.code).toBe(0);
    }
    let cleanMs = Math.min(...timings);
    console.info(`S3 random SIGKILL: seed ${SEED}, clean applies took ${timings.join(', ')} ms; delays drawn in [0, ${cleanMs})`);
    const missed: string[] = [];
    let killedMidRun = 0;
    for (let i = 0; i < 50; i++) {
      const delayMs = Math.floor(random() * cleanMs);
      const where = `seed ${SEED}, kill #${i} after ${delayMs} ms (rerun with REPARTITION_TEST_SEED=${SEED})`;
      const t = await freshTable();
      const before = await snapshot(t);
      const child = spawnApply(t);
      const spawnedAt = Date.now();
      const exit = closed(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      const { code, signal } = await exit;
      clearTimeout(timer);
      if (signal === 'SIGKILL') killedMidRun += 1;
      else {
        // The run beat its kill: on this shared 2-core machine a clean run's length drifts with
        // the load of other test files, so the window shrinks to the shortest run actually seen.
        missed.push(`#${i} ${delayMs} ms (exit ${code})`);
        cleanMs = Math.min(cleanMs, Date.now() - spawnedAt);
      }
      const rerun = await cli('apply', t);
      expect(rerun.code, `${where}: ${rerun.stderr}`).toBe(0);
      expect(judge(before, await snapshot(t)).problems, where).toEqual([]);
    }
    console.info(`S3 random SIGKILL: ${killedMidRun} of 50 kills interrupted a run; finished first: ${missed.join(', ') || 'none'}`);
    // Most kills must really have interrupted a run, or this test proves nothing.
    expect(killedMidRun, `seed ${SEED}: only ${killedMidRun} of 50 kills interrupted a run; missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(40);
  });
});

describe('S3 (moto): two runners', () => {
  test('two concurrent applies: one runs, the other exits 75 with the locked message', { timeout: 90_000 }, async () => {
    const t = await freshTable();
    const before = await snapshot(t);
    // A holds the lease for 3 s right after taking it, so B is sure to find it held.
    const a = cli('apply', t, { REPARTITION_PAUSE_AT: 'run.lock-acquired:3000' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const b = await cli('apply', t);
    const first = await a;
    expect(first.code, first.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(75);
    expect(b.stderr).toMatch(/Table is locked by run \S+ \(.+ pid \d+\) since .+ until .+/);
    expect(judge(before, await snapshot(t)).problems).toEqual([]);
  });

  test('with the lock disabled (test switch), two overlapping runners still converge', { timeout: 90_000 }, async () => {
    const t = await freshTable();
    const before = await snapshot(t);
    const env = { REPARTITION_TEST_DISABLE_LOCK: '1', REPARTITION_PAUSE_AT: 'run.plan-written:800' };
    const [a, b] = await Promise.all([cli('apply', t, env), cli('apply', t, env)]);
    expect([a.code, b.code].every((code) => code === 0 || code === 3), `${a.stderr}\n${b.stderr}`).toBe(true);
    expect(judge(before, await snapshot(t)).problems).toEqual([]);
    const units = a.report!.commit!.units;
    expect(a.report!.commit!.committed + b.report!.commit!.committed).toBeGreaterThanOrEqual(units);
    const again = await cleanRun(t);
    expect(again.totals.late).toBe(0);
    expect(mutating(again)).toBe(0);
  });
});

describe('S3 (moto): foreign writer', () => {
  async function rewriteWith(t: Table, key: string, transform: (lines: string[]) => string[]): Promise<void> {
    const lines = gunzipSync(await readKey(t, key)).toString('utf8').split('\n').filter(Boolean);
    await moto.get().client.send(new PutObjectCommand({ Bucket: t.bucket, Key: `${t.prefix}${key}`, Body: gzipSync(Buffer.from(transform(lines).join('\n') + '\n')) }));
  }

  test('replaces a planned source before any output: conflict reported, nothing lost or duplicated', { timeout: 90_000 }, async () => {
    const t = await freshTable();
    const planned = await cli('plan', t);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.report!.moves.find((m) => m.from === 'dt=2020-04-20/hour=22')).toBeDefined();
    await crashAt(t, 'run.plan-written');
    // Someone rewrites one of the planned sources (here: appends a record to it).
    const victim = [...(await snapshot(t)).objects.keys()].find((k) => k.startsWith('dt=2020-04-20/hour=22/'))!;
    await rewriteWith(t, victim, (lines) => [...lines, '{"timestamp":"2020-04-20T22:30:00+09:00","foreign":true}']);
    const before = await snapshot(t);
    const result = await cli('apply', t);
    expect(result.code, result.stderr).toBe(3);
    expect(result.report!.commit!.recoveredRuns[0]!.conflicts).toBe(1);
    // The new plan saw the rewritten object as it is now and moved its late records normally.
    expect(judge(before, await snapshot(t)).problems).toEqual([]);
  });

  test('replaces a source after our outputs exist: our outputs are removed, nothing duplicated', { timeout: 90_000 }, async () => {
    const t = await freshTable();
    const pristine = [...(await snapshot(t)).objects.values()].flatMap((o) => o.records);
    await crashAt(t, 'unit.outputs-verified');
    const crashed = await snapshot(t);
    const output = [...crashed.objects.keys()].find((k) => /\.lr-[0-9a-f]{12}\.gz$/.test(k))!;
    expect(output).toBeDefined();
    const unitId = /\.lr-([0-9a-f]{12})\./.exec(output)![1]!;
    const journal = crashed.hidden.find((k) => k.endsWith('plan.json'))!;
    const plan = JSON.parse((await readKey(t, journal)).toString('utf8')) as {
      plan: { units: { unitId: string; source: { key: string } }[] };
    };
    const source = plan.plan.units.find((u) => u.unitId === unitId)!.source.key;
    // A compaction-style rewrite: every original record plus one more.
    const foreign = '{"timestamp":"2020-04-20T23:00:00+09:00","foreign":true}';
    await rewriteWith(t, source, (lines) => [...lines, foreign]);
    const result = await cli('apply', t);
    expect(result.code, result.stderr).toBe(3);
    const conflicts = result.report!.commit!.conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ object: source, reason: 'source-changed', runId: result.report!.commit!.recoveredRuns[0]!.runId, outputsKept: [] });
    expect(conflicts[0]!.outputsRemoved).toContain(output);
    // Every record is in the table exactly once.
    const after = await snapshot(t);
    const all = [...after.objects.values()].flatMap((o) => o.records);
    expect(all.slice().sort()).toEqual([...pristine, foreign].sort());
    expect(after.objects.has(output)).toBe(false);
    expect(after.hidden.filter((k) => /\.lr-tmp-/.test(k))).toEqual([]);
  });
});
