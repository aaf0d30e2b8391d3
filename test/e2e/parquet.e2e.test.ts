/**
 * `repartition plan | apply | verify` end to end on a LOCAL folder of Parquet objects, spawned as a
 * user would run the built CLI (worker threads included), judged by the one judge (judge.ts) over
 * the Parquet oracle's snapshot (parquetJudge.ts: pyarrow reads every object, values compared
 * exactly) plus the per-object schema rule.
 *
 * The table: the small generated outage day (SMALL_OUTAGE, the JSON tests' table) converted object
 * by object by DuckDB, an independent writer, with the same keys ending in `.parquet`; the event
 * time becomes a zone-less TIMESTAMP(MICROS) column holding the UTC wall clock (read under the
 * default --timestamp-tz UTC), NULL where the JSON record had no usable time. The JSON generator's
 * ground truth (late records and moves) therefore holds for the Parquet table unchanged.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { OutageTruth } from '../../src/demo/outage.js';
import type { RunReport } from '../../src/report/types.js';
import { judge } from '../helpers/judge.js';
import { schemaProblems, snapshotParquetTable } from '../helpers/parquetJudge.js';
import { spawnCli } from '../helpers/spawnCli.js';
import { SMALL_OUTAGE, TABLE_FLAGS } from '../helpers/tables.js';

const TIMESTAMP_SQL =
  `CASE WHEN regexp_full_match("timestamp", '-?[0-9]+') THEN make_timestamp(CAST("timestamp" AS BIGINT) * 1000) ` +
  `ELSE make_timestamp(epoch_us(TRY_CAST("timestamp" AS TIMESTAMPTZ))) END AS "timestamp"`;
const COLUMNS =
  `{timestamp: 'VARCHAR', level: 'VARCHAR', service: 'VARCHAR', request_id: 'VARCHAR', trace_id: 'VARCHAR', latency_ms: 'INTEGER', msg: 'VARCHAR', ` +
  `client_ip: 'VARCHAR', http: 'STRUCT(method VARCHAR, path VARCHAR, status INTEGER, bytes BIGINT)', "user": 'STRUCT(id BIGINT, region VARCHAR, note VARCHAR)'}`;

/** The outage day as Parquet in a new folder: each gzip JSON-lines object converted by DuckDB. */
async function makeParquetOutageTable(): Promise<{ root: string; truth: OutageTruth; sizes: number }> {
  const root = mkdtempSync(path.join(tmpdir(), 'lr-parquet-e2e-'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'lr-parquet-e2e-json-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  let sizes = 0;
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const truth = await generateOutageDay(SMALL_OUTAGE, async (key, gzipped) => {
      const json = path.join(scratch, 'object.jsonl');
      const lines = gunzipSync(gzipped);
      writeFileSync(json, lines);
      const file = path.join(root, ...key.replace(/\.gz$/, '.parquet').split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      const copied = await connection.run(
        `COPY (SELECT ${TIMESTAMP_SQL}, level, service, request_id, trace_id, latency_ms, msg, client_ip, http, "user" ` +
          `FROM read_json('${json}', format = 'newline_delimited', columns = ${COLUMNS})) TO '${file}' (FORMAT parquet, COMPRESSION snappy)`,
      );
      if (copied.rowsChanged !== lines.toString('utf8').split('\n').filter((l) => l !== '').length) throw new Error(`${key}: DuckDB lost rows`);
      sizes += readFileSync(file).length;
    });
    return { root, truth, sizes };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  }
}

let template: string;
let truth: OutageTruth;
let tableBytes: number;
beforeAll(async () => {
  ({ root: template, truth, sizes: tableBytes } = await makeParquetOutageTable());
});

function freshTable(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'lr-parquet-case-'));
  cpSync(template, copy, { recursive: true });
  return copy;
}

async function run(command: 'plan' | 'apply' | 'verify', root: string, extra: string[] = []) {
  const result = await spawnCli([command, root, ...TABLE_FLAGS, '--report', 'json', ...extra]);
  return { ...result, report: result.stdout === '' ? null : (JSON.parse(result.stdout) as RunReport) };
}

describe('repartition on a local Parquet table', () => {
  test('the table as converted: the JSON ground truth holds (late rows in hour 22 after the stall)', () => {
    expect(truth.late).toBeGreaterThan(300);
    expect(truth.lateMoves.get('dt=2020-04-20/hour=22 → dt=2020-04-20/hour=20')).toBeGreaterThan(100);
  });

  test('plan: the generator\'s truth, bytes read below the table size, a valid report, nothing changed', async () => {
    const root = freshTable();
    const before = await snapshotParquetTable(root);
    const { code, report, stderr } = await run('plan', root);
    expect(code, stderr).toBe(0);
    const r = report!;
    expect(r.totals).toMatchObject({ objects: truth.objects, records: truth.records, late: truth.late, early: truth.early, unplaceable: truth.unplaceable, moved: truth.late });
    expect(r.unplaceableByReason).toEqual({ 'null-value': truth.unplaceable });
    const moves = new Map(r.moves.map((m) => [`${m.from} → ${m.to}`, m.records]));
    expect(moves).toEqual(truth.lateMoves);
    // Objects with nothing to move are classified from footers and time columns only.
    expect(r.totals.recordsNotDigested).toBeGreaterThan(0);
    expect(r.checksum.before.startsWith(`${truth.records - r.totals.recordsNotDigested}:`)).toBe(true);
    expect(r.totals.bytesRead).toBeLessThan(tableBytes);
    expect(r.storeCalls.createIfAbsent + r.storeCalls.deleteIfMatch + r.storeCalls.replaceIfMatch).toBe(0);
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    const after = await snapshotParquetTable(root);
    expect([...after.objects.keys()]).toEqual([...before.objects.keys()]);
    expect(after.hidden).toEqual([]);
  });

  test('apply moves exactly the late rows: the judge passes, outputs have their source schema, checksums agree', async () => {
    const root = freshTable();
    const before = await snapshotParquetTable(root);
    const dry = await run('plan', root);
    const { code, report, stderr } = await run('apply', root);
    expect(code, stderr).toBe(0);
    const after = await snapshotParquetTable(root);
    const verdict = judge(before, after);
    expect(verdict.problems).toEqual([]);
    expect(verdict.late).toBe(truth.late);
    expect(schemaProblems(before, after)).toEqual([]);
    const r = report!;
    expect(r.planHash).toBe(dry.report!.planHash);
    expect(r.totals.moved).toBe(truth.late);
    expect(r.commit).toMatchObject({ committed: r.totals.objectsToRewrite, alreadyCommitted: 0, conflicts: [] });
    expect(r.checksum.after).toBe(r.checksum.before);
    expect(r.totals.bytesWritten).toBeGreaterThan(0);
    // Every new object is one of ours with the extension kept last.
    for (const key of after.objects.keys()) if (!before.objects.has(key)) expect(key).toMatch(/\.lr-[0-9a-f]{12}(\.rest)?\.parquet$/);

    // A second apply finds nothing to do and changes nothing.
    const second = await run('apply', root);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report!.runId).toBeNull();
    expect(second.report!.totals.late).toBe(0);
    const calls = second.report!.storeCalls;
    expect(calls.createIfAbsent + calls.deleteIfMatch + calls.replaceIfMatch).toBe(0);
    const again = await snapshotParquetTable(root);
    expect([...again.objects.keys()]).toEqual([...after.objects.keys()]);
    for (const [key, object] of after.objects) expect(again.objects.get(key)!.bytes.equals(object.bytes), key).toBe(true);
  });

  test('verify exits 4 while late rows remain and 0 after apply', async () => {
    const root = freshTable();
    const first = await run('verify', root);
    expect(first.code).toBe(4);
    expect(first.report!.totals.late).toBe(truth.late);
    expect((await run('apply', root)).code).toBe(0);
    const second = await run('verify', root);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report!.totals).toMatchObject({ late: 0, moved: 0, records: truth.records });
  });

  test('detection: a late object with no .parquet name is found by its magic bytes; a truncated one is unreadable and left alone (exit 3)', async () => {
    const root = freshTable();
    const before = await snapshotParquetTable(root);
    // The largest object of hour 22 (the burst after the stall), renamed without an extension.
    const burst = [...before.objects.values()].filter((o) => o.partition === 'dt=2020-04-20/hour=22').sort((a, b) => b.records.length - a.records.length)[0]!;
    const bare = burst.key.replace(/\.parquet$/, '');
    renameSync(path.join(root, burst.key), path.join(root, bare));
    const renamed = await snapshotParquetTable(root);
    const cutKey = 'dt=2020-04-20/hour=23/cut.parquet';
    const cut = burst.bytes.subarray(0, burst.bytes.length - 50);
    writeFileSync(path.join(root, cutKey), cut);

    const { code, report, stderr } = await run('apply', root);
    expect(code, stderr).toBe(3);
    expect(report!.unreadable).toEqual([expect.objectContaining({ object: cutKey, reason: 'not-parquet' })]);
    expect(report!.totals.late).toBe(truth.late);
    expect(readFileSync(path.join(root, cutKey)).equals(cut)).toBe(true);
    rmSync(path.join(root, cutKey));
    const after = await snapshotParquetTable(root);
    expect(judge(renamed, after).problems).toEqual([]);
    expect(after.objects.has(bare)).toBe(false); // it had late rows: rewritten and removed
    expect([...after.objects.keys()].some((k) => k.startsWith(`${bare}.lr-`) && k.endsWith('.rest'))).toBe(true);
  });

  test('worker threads (the default: one per core) and the main thread (--workers 0) plan the same, byte counts included', async () => {
    const root = freshTable();
    const [threads, main] = await Promise.all([run('plan', root, ['--workers', '2']), run('plan', root, ['--workers', '0'])]);
    expect(threads.code, threads.stderr).toBe(0);
    expect(main.code, main.stderr).toBe(0);
    expect(threads.report!.planHash).toBe(main.report!.planHash);
    expect(threads.report!.totals).toEqual(main.report!.totals);
    expect(threads.report!.storeCalls).toEqual(main.report!.storeCalls);
  });

  test('--format parquet plans the same moves', async () => {
    const root = freshTable();
    const { code, report, stderr } = await run('plan', root, ['--format', 'parquet']);
    expect(code, stderr).toBe(0);
    expect(report!.totals).toMatchObject({ late: truth.late, moved: truth.late, unreadableObjects: 0, skippedObjects: 0 });
  });
});
