/**
 * `repartition plan` on a generated outage day, judged against the generator's own ground truth
 * (computed with fixed +09:00 arithmetic, not with our layout or time engine).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OutageTruth } from '../../src/demo/outage.js';
import type { RunReport } from '../../src/report/types.js';
import { makeOutageTable } from '../helpers/outageTable.js';
import { spawnCli } from '../helpers/spawnCli.js';

const FLAGS = ['--partition-tz', 'Asia/Tokyo', '--time-field', 'timestamp'];
let root: string;
let truth: OutageTruth;

beforeAll(async () => {
  ({ root, truth } = await makeOutageTable({ recordsPerHour: 1200, earlyOneIn: 97, unplaceableOneIn: 501 }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const st = statSync(full);
        out.push(`${path.relative(dir, full)} ${st.size} ${st.mtimeMs} ${st.ino}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('repartition plan (end to end, local folder)', () => {
  test('reports exactly the planted late, early and unplaceable records, per (from → to)', async () => {
    const before = snapshot(root);
    const result = await spawnCli(['plan', root, ...FLAGS, '--report', 'json']);
    expect(result.stderr.split('\n').filter(Boolean).every((line) => JSON.parse(line) !== undefined)).toBe(true);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(truth.late).toBeGreaterThan(1000); // the stall really planted a backlog
    expect(report.totals).toMatchObject({
      objects: truth.objects,
      records: truth.records,
      late: truth.late,
      early: truth.early,
      unplaceable: truth.unplaceable,
      moved: truth.late,
      bytesWritten: 0,
    });
    const moves = new Map(report.moves.map((m) => [`${m.from} → ${m.to}`, m.records]));
    expect(moves).toEqual(truth.lateMoves);
    expect(report.unplaceableByReason).toEqual({
      'missing-field': Math.floor(truth.records / 1002),
      unparseable: truth.unplaceable - Math.floor(truth.records / 1002),
    });
    expect(report.dryRun).toBe(true);
    expect(report.checksum.before).toBe(report.checksum.after);
    expect(report.checksum.before.startsWith(`${truth.records}:`)).toBe(true);
    // A dry run writes nothing anywhere: same files, sizes, mtimes and inodes.
    expect(snapshot(root)).toEqual(before);
  });

  test('the JSON report validates against docs/report.schema.json', async () => {
    const result = await spawnCli(['plan', root, ...FLAGS, '--report', 'json']);
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const report: unknown = JSON.parse(result.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  test('the plan hash and every count are the same under TZ=UTC, Asia/Tokyo and America/St_Johns', async () => {
    const reports = await Promise.all(
      ['UTC', 'Asia/Tokyo', 'America/St_Johns'].map(async (tz) => {
        const result = await spawnCli(['plan', root, ...FLAGS, '--report', 'json', '--workers', '1'], { TZ: tz });
        const { durationMs: _d, ...rest } = JSON.parse(result.stdout) as RunReport;
        return rest;
      }),
    );
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
  });

  test('a window limits the scan to its partitions', async () => {
    const result = await spawnCli(['plan', root, ...FLAGS, '--report', 'json', '--from', '2020-04-20T22:00', '--to', '2020-04-20T23:00']);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.window).toEqual({ from: '2020-04-20T13:00:00.000Z', to: '2020-04-20T14:00:00.000Z' });
    expect(new Set(report.moves.map((m) => m.from))).toEqual(new Set(['dt=2020-04-20/hour=22']));
    const fromHour22 = [...truth.lateMoves].filter(([k]) => k.startsWith('dt=2020-04-20/hour=22 ')).reduce((s, [, n]) => s + n, 0);
    expect(report.totals.late).toBe(fromHour22);
  });

  test('unreadable objects and keys outside the layout are reported, untouched, exit 3', async () => {
    const bad = path.join(root, 'dt=2020-04-20', 'hour=05', 'truncated.gz');
    const good = gzipSync(Buffer.from('{"timestamp":"2020-04-20T04:00:00+09:00"}\n'.repeat(100)));
    writeFileSync(bad, good.subarray(0, good.length - 9));
    const stray = path.join(root, 'dt=2020-04-20', 'hour=24');
    mkdirSync(stray);
    writeFileSync(path.join(stray, 'x.gz'), good);
    writeFileSync(path.join(root, 'dt=2020-04-20', 'notes.txt'), 'x');
    const parquet = path.join(root, 'dt=2020-04-20', 'hour=06', 'part-0.parquet');
    writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(16), Buffer.from('PAR1')]));
    try {
      const result = await spawnCli(['plan', root, ...FLAGS, '--report', 'json']);
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout) as RunReport;
      expect(report.unreadable).toEqual([
        expect.objectContaining({ object: 'dt=2020-04-20/hour=05/truncated.gz', reason: 'truncated-gzip' }),
        // PAR1, 16 zero bytes, PAR1: a footer length of 0 (read by ranges: the 8-byte tail only).
        expect.objectContaining({ object: 'dt=2020-04-20/hour=06/part-0.parquet', reason: 'corrupt-footer' }),
      ]);
      expect(report.notInLayout.map((n) => n.object)).toEqual(['dt=2020-04-20/hour=24/x.gz', 'dt=2020-04-20/notes.txt']);
      expect(report.notInLayout[0]!.reason).toMatch(/hour/);
      expect(report.skipped).toEqual([]);
      expect(report.totals.late).toBe(truth.late);
      const text = await spawnCli(['plan', root, ...FLAGS]);
      expect(text.stdout).toMatch(/UNREADABLE OBJECTS/);
      expect(text.stdout).toMatch(/dt=2020-04-20\/hour=05\/truncated\.gz .*truncated-gzip/);
    } finally {
      rmSync(bad);
      rmSync(parquet);
      rmSync(stray, { recursive: true });
      rmSync(path.join(root, 'dt=2020-04-20', 'notes.txt'));
    }
  });

  test('the text report shows the summary, the moves table and the lag distribution', async () => {
    const result = await spawnCli(['plan', root, ...FLAGS]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/dry run: nothing was changed/);
    expect(result.stdout).toMatch(new RegExp(`late +${truth.late.toLocaleString('en-US')} records`));
    expect(result.stdout).toMatch(/dt=2020-04-20\/hour=22 → +dt=2020-04-20\/hour=20/);
    expect(result.stdout).toMatch(/LAG OF LATE RECORDS/);
    expect(result.stdout).not.toMatch(/request_id|checkout|☕/); // never record contents
  });
});
