/**
 * `repartition apply` end to end on a local folder, judged by the independent oracle: clean runs,
 * re-runs, dry-run/apply plan identity, the report's counts, and the lock.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunReport } from '../../src/report/types.js';
import { judge, snapshotTable } from '../helpers/judge.js';
import { CLI_PATH, spawnCli } from '../helpers/spawnCli.js';
import { spawn } from 'node:child_process';
import { TABLE_FLAGS, tableTemplate } from '../helpers/tables.js';

let freshTable: () => string;
beforeAll(async () => {
  freshTable = await tableTemplate();
});

async function apply(root: string, extra: string[] = [], env: Record<string, string> = {}) {
  const result = await spawnCli(['apply', root, ...TABLE_FLAGS, '--report', 'json', ...extra], env);
  return { ...result, report: result.stdout === '' ? null : (JSON.parse(result.stdout) as RunReport) };
}

describe('repartition apply (local folder)', () => {
  test('moves exactly the late records; the judge passes; counts, checksum and catalog DDL agree', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const { code, report, stderr } = await apply(root);
    expect(code, stderr).toBe(0);
    const verdict = judge(before, snapshotTable(root));
    expect(verdict.problems).toEqual([]);
    expect(verdict.late).toBeGreaterThan(100);
    expect(report!.totals.late).toBe(verdict.late);
    expect(report!.totals.moved).toBe(verdict.late);
    expect(report!.commit).toMatchObject({ committed: report!.totals.objectsToRewrite, alreadyCommitted: 0, conflicts: [] });
    expect(report!.checksum.after).toBe(report!.checksum.before);
    expect(report!.runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    // The journal holds the plan and the summary; the lease is released.
    expect(snapshotTable(root).hidden).toEqual(expect.arrayContaining([`_repartition/runs/${report!.runId}/plan.json`, `_repartition/runs/${report!.runId}/_SUCCESS.json`]));
    expect(snapshotTable(root).hidden).not.toContain('_repartition/lock.json');
    // Every new destination partition gets its DDL, with quoted values.
    expect(report!.ddl).toContain(
      `ALTER TABLE <database>.<table> ADD IF NOT EXISTS PARTITION (dt = '2020-04-20', hour = '20') LOCATION '${report!.tableRoot}dt=2020-04-20/hour=20/';`,
    );
  });

  test('a second apply on the clean table makes zero mutating calls and reports nothing to do', async () => {
    const root = freshTable();
    expect((await apply(root)).code).toBe(0);
    const afterFirst = snapshotTable(root);
    const second = await apply(root);
    expect(second.code).toBe(0);
    expect(second.report!.runId).toBeNull();
    expect(second.report!.totals.late).toBe(0);
    const calls = second.report!.storeCalls;
    expect(calls.createIfAbsent + calls.deleteIfMatch + calls.replaceIfMatch).toBe(0);
    expect(calls.get).toBeGreaterThan(0); // it did read everything
    const afterSecond = snapshotTable(root);
    expect([...afterSecond.objects.keys()]).toEqual([...afterFirst.objects.keys()]);
    expect(afterSecond.hidden).toEqual(afterFirst.hidden);
  });

  test('the dry-run plan and the executed plan have the same plan hash; plan changes nothing', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const dry = await spawnCli(['plan', root, ...TABLE_FLAGS, '--report', 'json']);
    const dryReport = JSON.parse(dry.stdout) as RunReport;
    expect(dryReport.storeCalls.createIfAbsent + dryReport.storeCalls.deleteIfMatch + dryReport.storeCalls.replaceIfMatch).toBe(0);
    expect(snapshotTable(root)).toEqual(before);
    const { report } = await apply(root);
    expect(report!.planHash).toBe(dryReport.planHash);
    expect(report!.totals.moved).toBe(dryReport.totals.moved);
  });

  test('verify exits 4 while late records remain and 0 after apply', async () => {
    const root = freshTable();
    const first = await spawnCli(['verify', root, ...TABLE_FLAGS]);
    expect(first.code).toBe(4);
    expect(first.stdout).toMatch(/MOVES/);
    await apply(root);
    expect((await spawnCli(['verify', root, ...TABLE_FLAGS])).code).toBe(0);
  });

  test('--max-moves stops before changing anything', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const { code, stderr } = await apply(root, ['--max-moves', '10']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/would move \d+ records, more than --max-moves 10; nothing of it was changed/);
    const after = snapshotTable(root);
    expect([...after.objects.keys()]).toEqual([...before.objects.keys()]);
    expect(after.hidden).toEqual([]); // no plan, no lock left behind
  });

  test('--backup copy keeps every deleted source byte for byte; status lists runs and backups', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const { report } = await apply(root);
    const backups = snapshotTable(root).hidden.filter((k) => k.startsWith(`_repartition/backup/${report!.runId}/`));
    expect(backups).toHaveLength(report!.commit!.committed);
    for (const key of backups) {
      const sourceKey = key.slice(`_repartition/backup/${report!.runId}/`.length);
      expect(readFileSync(path.join(root, key)).equals(before.objects.get(sourceKey)!.bytes)).toBe(true);
    }
    const status = await spawnCli(['status', root]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/lock +free/);
    expect(status.stdout).toContain(`${report!.runId}  finished: ${report!.commit!.units} units`);
    expect(status.stdout).toMatch(new RegExp(`${report!.runId}  ${backups.length} objects`));
  });

  test('a live lock held elsewhere makes apply exit 75 with who holds it, touching nothing', async () => {
    const root = freshTable();
    mkdirSync(path.join(root, '_repartition'));
    const lock = { runId: 'other-run', owner: `${hostname()} pid ${process.pid}`, acquiredAt: '2026-01-01T00:00:00.000Z', leaseUntil: '2999-01-01T00:00:00.000Z', toolVersion: 'x' };
    writeFileSync(path.join(root, '_repartition', 'lock.json'), JSON.stringify(lock));
    const before = snapshotTable(root);
    const { code, stderr } = await apply(root);
    expect(code).toBe(75);
    expect(stderr).toContain(`locked by run other-run (${hostname()} pid ${process.pid}) since 2026-01-01T00:00:00.000Z until 2999-01-01T00:00:00.000Z`);
    expect([...snapshotTable(root).objects.keys()]).toEqual([...before.objects.keys()]);
    const status = await spawnCli(['status', root]);
    expect(status.stdout).toMatch(/lock +held by run other-run/);
  });

  test('two concurrent applies: one runs, the other exits with the locked message', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    // A holds the lease for 3 s right after taking it, so B is sure to find it held.
    const a = apply(root, [], { REPARTITION_PAUSE_AT: 'run.lock-acquired:3000' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const b = await apply(root);
    const first = await a;
    expect(first.code, first.stderr).toBe(0);
    expect(b.code).toBe(75);
    expect(b.stderr).toMatch(/Table is locked by run \S+ \(.+ pid \d+\) since .+ until .+/);
    expect(judge(before, snapshotTable(root)).problems).toEqual([]);
  });

  test('SIGTERM stops apply before its next change, releases the lease, exits 143; a re-run finishes', { timeout: 60_000 }, async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const child = spawn(process.execPath, [CLI_PATH, 'apply', root, ...TABLE_FLAGS, '--report', 'json'], {
      env: { PATH: process.env.PATH ?? '', REPARTITION_PAUSE_AT: 'unit.output-created:1500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Signal once the run is committing (its plan is journaled): the first output pauses 1.5 s.
    const planned = (): boolean => snapshotTable(root).hidden.some((k) => k.endsWith('/plan.json'));
    while (!planned()) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/Stopped by SIGTERM before the next change/);
    expect(snapshotTable(root).hidden).not.toContain('_repartition/lock.json');
    const rerun = await apply(root);
    expect(rerun.code).toBe(0);
    expect(rerun.report!.commit!.recoveredRuns).toHaveLength(1);
    expect(judge(before, snapshotTable(root)).problems).toEqual([]);
  });

  test('with the lock disabled (test switch), two overlapping runners still converge', async () => {
    const root = freshTable();
    const before = snapshotTable(root);
    const env = { REPARTITION_TEST_DISABLE_LOCK: '1', REPARTITION_PAUSE_AT: 'run.plan-written:800' };
    const [a, b] = await Promise.all([apply(root, [], env), apply(root, [], env)]);
    expect([a.code, b.code].every((code) => code === 0 || code === 3), `${a.stderr}\n${b.stderr}`).toBe(true);
    expect(judge(before, snapshotTable(root)).problems).toEqual([]);
    // Between them, every unit was done exactly once and found done by the other.
    const units = a.report!.commit!.units;
    expect(a.report!.commit!.committed + b.report!.commit!.committed).toBeGreaterThanOrEqual(units);
    const again = await apply(root);
    expect(again.report!.totals.late).toBe(0);
  });
});
