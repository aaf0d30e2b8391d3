/**
 * Issue 4 on moto, through the built CLI: attributes carried over to every object a rewrite makes,
 * archived and SSE-C sources skipped before any write, `--backup auto` on a versioned bucket,
 * hostile keys round-tripping exactly, and canary credentials and payloads never printed.
 */
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { HeadObjectCommandOutput, PutObjectCommandInput } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { JournaledPlan } from '../../src/commit/journal.js';
import type { RunReport } from '../../src/report/types.js';
import { judge } from '../helpers/judge.js';
import { DUMMY_AWS_ENV } from '../helpers/moto.js';
import { useMoto } from '../helpers/motoSuite.js';
import { listAll, readObject, snapshotS3 } from '../helpers/s3Snapshot.js';
import { spawnCli } from '../helpers/spawnCli.js';
import type { SpawnResult } from '../helpers/spawnCli.js';
import { SMALL_OUTAGE, TABLE_FLAGS } from '../helpers/tables.js';

const moto = useMoto();
const PREFIX = 'logs/app/';
let table: [string, Uint8Array][] = [];

beforeAll(async () => {
  const objects = new Map<string, Uint8Array>();
  await generateOutageDay(SMALL_OUTAGE, async (key, bytes) => void objects.set(key, bytes));
  table = [...objects];
});

async function cli(command: string, root: string, extra: string[] = [], env: Record<string, string> = {}, endpoint = moto.get().server.endpoint): Promise<SpawnResult & { report: RunReport | null }> {
  const args = [command, root, ...TABLE_FLAGS, '--report', 'json', '--endpoint-url', endpoint, ...extra];
  const result = await spawnCli(args, { ...DUMMY_AWS_ENV, ...env });
  return { ...result, report: result.stdout.startsWith('{') ? (JSON.parse(result.stdout) as RunReport) : null };
}

async function upload(bucket: string, objects: Iterable<[string, Uint8Array]>, params: Partial<PutObjectCommandInput> = {}): Promise<void> {
  for (const [key, bytes] of objects) await moto.get().client.send(new PutObjectCommand({ Bucket: bucket, Key: `${PREFIX}${key}`, Body: bytes, ...params }));
}

async function journaledPlan(bucket: string, runId: string): Promise<JournaledPlan> {
  return JSON.parse((await readObject(moto.get().client, bucket, `${PREFIX}_repartition/runs/${runId}/plan.json`)).toString('utf8')) as JournaledPlan;
}

/** The fields of a HEAD that a rewrite must reproduce. */
function attributesOf(head: HeadObjectCommandOutput): Record<string, unknown> {
  return {
    ContentType: head.ContentType,
    ContentEncoding: head.ContentEncoding,
    CacheControl: head.CacheControl,
    ContentDisposition: head.ContentDisposition,
    ContentLanguage: head.ContentLanguage,
    Metadata: head.Metadata,
    StorageClass: head.StorageClass,
    ServerSideEncryption: head.ServerSideEncryption,
    SSEKMSKeyId: head.SSEKMSKeyId,
    BucketKeyEnabled: head.BucketKeyEnabled,
  };
}

describe('attributes, skips and backup on S3 (moto)', () => {
  test('every output, remainder and backup copy carries the source attributes field by field', { timeout: 60_000 }, async () => {
    const { client, newBucket } = moto.get();
    const bucket = await newBucket();
    const kmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/0b7d7c3e-canary-kms-key-id';
    const sourceParams: Partial<PutObjectCommandInput> = {
      ContentType: 'application/x-ndjson',
      ContentEncoding: 'identity',
      CacheControl: 'max-age=3600, private',
      ContentDisposition: 'attachment; filename="records.json.gz"',
      ContentLanguage: 'ja-JP',
      Metadata: { 'pipeline': 'firehose-prod', 'schema-version': '7', 'owner': 'team a+b=c' },
      Tagging: 'env=prod&cost%20center=logs%2Fingest&pii=no%3Dreally&empty=',
      StorageClass: 'STANDARD_IA',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId,
      BucketKeyEnabled: true,
    };
    await upload(bucket, table, sourceParams);
    const sample = `${PREFIX}${table[0]![0]}`;
    const expectedHead = attributesOf(await client.send(new HeadObjectCommand({ Bucket: bucket, Key: sample })));
    const expectedTags = (await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: sample }))).TagSet;
    // The server really kept what we set, so the comparison below can fail.
    expect(expectedHead).toMatchObject({ ContentType: 'application/x-ndjson', StorageClass: 'STANDARD_IA', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId, BucketKeyEnabled: true });
    expect(expectedTags).toHaveLength(4);

    const before = await snapshotS3(client, bucket, PREFIX);
    const { code, report, stderr } = await cli('apply', `s3://${bucket}/${PREFIX}`, ['--backup', 'copy']);
    expect(code, stderr).toBe(0);
    expect(judge(before, await snapshotS3(client, bucket, PREFIX)).problems).toEqual([]);
    const { plan } = await journaledPlan(bucket, report!.runId!);
    const made = plan.units.flatMap((u) => [...u.outputs.map((o) => o.key), ...(u.rest === null ? [] : [u.rest.key])]);
    const backups = (await listAll(client, bucket, `${PREFIX}_repartition/backup/${report!.runId}/`)).map((k) => k.slice(PREFIX.length));
    expect(made.length).toBeGreaterThan(plan.units.length);
    expect(made.some((k) => k.includes('.rest.'))).toBe(true);
    expect(backups).toHaveLength(plan.units.length);
    for (const key of [...made, ...backups]) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `${PREFIX}${key}` }));
      expect(attributesOf(head), key).toEqual(expectedHead);
      const tags = (await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: `${PREFIX}${key}` }))).TagSet;
      expect(tags, key).toEqual(expectedTags);
    }
  });

  test('GLACIER, DEEP_ARCHIVE and SSE-C sources are skipped before any write, untouched and reported; exit 3', { timeout: 60_000 }, async () => {
    const { client, newBucket, server } = moto.get();
    const bucket = await newBucket();
    // Three copies of an object with late records (hour=22 holds the burst), each unreadable for us.
    const [key, bytes] = table.find(([k]) => k.includes('hour=22/'))!;
    const dir = key.slice(0, key.lastIndexOf('/') + 1);
    const glacier = `${dir}glacier-source.json.gz`;
    const deep = `${dir}deep-archive-source.json.gz`;
    const ssec = `${dir}sse-c-source.json.gz`;
    await upload(bucket, [[glacier, bytes]], { StorageClass: 'GLACIER' });
    await upload(bucket, [[deep, bytes]], { StorageClass: 'DEEP_ARCHIVE' });
    await upload(bucket, [[ssec, bytes]]);
    const listing = async (): Promise<string> => JSON.stringify(await Promise.all((await listAll(client, bucket, '')).map(async (k) => [k, (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: k }))).ETag])));
    const before = await listing();

    // moto ignores SSE-C (it stores the object unencrypted and reads it without the key), so a proxy
    // in front of it answers reads of that one key the way S3 documents for an SSE-C object read
    // without its key: 400 InvalidRequest. Everything else is forwarded to moto untouched.
    const proxy = await ssecProxy(new URL(server.endpoint), `/${bucket}/${encodeURI(`${PREFIX}${ssec}`)}`);
    try {
      for (const command of ['plan', 'apply']) {
        const run = await cli(command, `s3://${bucket}/${PREFIX}`, [], {}, proxy.endpoint);
        expect(run.code, run.stderr).toBe(3);
        expect(run.report!.skipped).toEqual([
          expect.objectContaining({ object: deep, reason: 'archived-storage-class', message: expect.stringContaining('DEEP_ARCHIVE') }),
          expect.objectContaining({ object: glacier, reason: 'archived-storage-class', message: expect.stringContaining('GLACIER') }),
          expect.objectContaining({ object: ssec, reason: 'sse-c', message: expect.stringContaining('SSE-C') }),
        ]);
        expect(run.report!.totals.moved).toBe(0);
        expect(run.report!.storeCalls.createIfAbsent + run.report!.storeCalls.deleteIfMatch).toBe(0);
      }
      expect(proxy.ssecReads()).toBeGreaterThan(0); // the stub really answered
    } finally {
      await proxy.close();
    }
    expect(await listing()).toBe(before);
  });

  test('--backup auto on a versioned bucket copies nothing: the old versions stay behind delete markers', { timeout: 60_000 }, async () => {
    const { client, newBucket } = moto.get();
    const bucket = await newBucket();
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await upload(bucket, table);
    const before = await snapshotS3(client, bucket, PREFIX);
    const { code, report, stderr } = await cli('apply', `s3://${bucket}/${PREFIX}`);
    expect(code, stderr).toBe(0);
    expect(report!.commit!.backup).toBe('versioning');
    expect(judge(before, await snapshotS3(client, bucket, PREFIX)).problems).toEqual([]);
    expect(await listAll(client, bucket, `${PREFIX}_repartition/backup/`)).toEqual([]);
    const { plan } = await journaledPlan(bucket, report!.runId!);
    const versions = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: `${PREFIX}${plan.units[0]!.source.key}` }));
    expect(versions.DeleteMarkers?.filter((m) => m.IsLatest)).toHaveLength(1);
    expect(versions.Versions?.map((v) => v.ETag)).toContain(plan.units[0]!.source.etag);

    // Unversioned: auto copies (checked on the same data so the contrast is the only difference).
    const plain = await newBucket();
    await upload(plain, table);
    const copied = await cli('apply', `s3://${plain}/${PREFIX}`);
    expect(copied.report!.commit!.backup).toBe('copy');
    expect(await listAll(client, plain, `${PREFIX}_repartition/backup/${copied.report!.runId}/`)).toHaveLength(copied.report!.commit!.committed);
  });
});

/** Basenames that break naive code: each is an in-layout object name under a partition. */
function hostileNames(): string[] {
  const long = `long-${'\u00fc'.repeat(200)}${'x'.repeat(480)}`;
  return [
    'with space.json.gz',
    'plus+sign.json.gz',
    'pct%2Fslash.json.gz',
    'eq=sign&amp.json.gz',
    'caf\u00e9-nfc.json.gz', // NFC
    'cafe\u0301-nfc.json.gz', // the same text in NFD: a different key
    'tab\there.json.gz',
    'cr\rhere.json.gz',
    '\u202eevil-rtl.json.gz',
    `${long.slice(0, 880 - Buffer.byteLength('.json.gz') - (Buffer.byteLength(long) - long.length))}.json.gz`,
  ];
}

describe('hostile keys and canaries on S3 (moto)', () => {
  test('hostile keys round-trip: the bucket listing changes only by the planned keys; logs/app-evil/ is untouched', { timeout: 90_000 }, async () => {
    const { client, newBucket } = moto.get();
    const bucket = await newBucket();
    const names = hostileNames();
    expect(Buffer.byteLength(names.at(-1)!)).toBeGreaterThan(850);
    // The table as generated, plus a copy of an hour=22 object (all of them hold late records of
    // the burst) under each hostile name: duplicated records must stay duplicated.
    const burst = table.filter(([k]) => k.includes('hour=22/'));
    const hostile: [string, Uint8Array][] = names.map((name, i) => [`dt=2020-04-20/hour=22/${name}`, burst[i % burst.length]![1]]);
    await upload(bucket, [...table, ...hostile]);
    // A sibling prefix with late records of its own, and keys that only look like ours.
    const evil = table.filter(([k]) => k.includes('hour=22/')).map(([k, b]): [string, Uint8Array] => [`logs/app-evil/${k}`, b]);
    for (const [Key, Body] of evil) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    const before = await snapshotS3(client, bucket, PREFIX);
    const listingBefore = await listAll(client, bucket, '');

    const { code, report, stderr } = await cli('apply', `s3://${bucket}/${PREFIX}`);
    expect(code, stderr).toBe(0);
    expect(report!.notInLayout).toEqual([]);
    expect(judge(before, await snapshotS3(client, bucket, PREFIX)).problems).toEqual([]);
    const listingAfter = await listAll(client, bucket, '');
    const { plan } = await journaledPlan(bucket, report!.runId!);
    const removed = listingBefore.filter((k) => !listingAfter.includes(k)).sort();
    const added = listingAfter.filter((k) => !listingBefore.includes(k)).sort();
    expect(removed).toEqual(plan.units.map((u) => `${PREFIX}${u.source.key}`).sort());
    const planned = plan.units.flatMap((u) => [...u.outputs.map((o) => o.key), ...(u.rest === null ? [] : [u.rest.key])]).map((k) => `${PREFIX}${k}`);
    const state = added.filter((k) => k.startsWith(`${PREFIX}_repartition/`));
    expect(added.filter((k) => !k.startsWith(`${PREFIX}_repartition/`))).toEqual(planned.sort());
    expect(state.sort()).toEqual(
      [
        `${PREFIX}_repartition/runs/${report!.runId}/plan.json`,
        `${PREFIX}_repartition/runs/${report!.runId}/_SUCCESS.json`,
        ...plan.units.map((u) => `${PREFIX}_repartition/backup/${report!.runId}/${u.source.key}`),
      ].sort(),
    );
    // Every hostile name was among the rewritten sources, byte for byte (NFC and NFD both).
    for (const name of names) expect(plan.units.some((u) => u.source.key.endsWith(name)), JSON.stringify(name)).toBe(true);
    expect(await listAll(client, bucket, 'logs/app-evil/')).toEqual(evil.map(([k]) => k).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const [k, b] of evil) expect((await readObject(client, bucket, k)).equals(Buffer.from(b))).toBe(true);
    const again = await cli('apply', `s3://${bucket}/${PREFIX}`);
    expect(again.report!.storeCalls.createIfAbsent + again.report!.storeCalls.deleteIfMatch).toBe(0);
  });

  test('canary credentials and record payloads never reach stdout, stderr or the report file, succeeding or failing, at --verbose', { timeout: 90_000 }, async () => {
    const { client, newBucket, server } = moto.get();
    const bucket = await newBucket();
    const canaries = {
      AWS_ACCESS_KEY_ID: 'AKIACANARYKEYID7741',
      AWS_SECRET_ACCESS_KEY: 'canary-secret-5b0c1e9d-never-print',
      AWS_SESSION_TOKEN: 'canary-session-token-a77f3e21-never-print',
    };
    const payload = 'canary-payload-3c9e1f44-never-print';
    // Late records carrying the canary (moved), an unparseable one (reported by line), and an
    // object whose last line is broken JSON holding the canary (unreadable, reported by offset).
    const late = (ts: string): string => JSON.stringify({ timestamp: ts, message: payload, secret: payload });
    const good = [late('2020-04-20T11:30:00Z'), late('2020-04-20T13:10:00Z'), JSON.stringify({ timestamp: payload, message: payload })].join('\n') + '\n';
    await upload(bucket, [
      ['dt=2020-04-20/hour=22/canary-1.json.gz', gzipSync(good)],
      ['dt=2020-04-20/hour=22/canary-2.json.gz', gzipSync(`${good}{"timestamp":"${payload}`)],
      ['dt=2020-04-20/hour=22/canary-3.json.gz', gzipSync(good).subarray(0, 30)],
    ]);
    const outDir = mkdtempSync(path.join(tmpdir(), 'lr-canary-'));
    const runs: { name: string; result: SpawnResult; reportFile: string }[] = [];
    const run = async (name: string, command: string, root: string, endpoint: string, format = 'json'): Promise<SpawnResult> => {
      const reportFile = path.join(outDir, `${name}.${format}`);
      const result = await cli(command, root, ['--verbose', '--log-format', 'json', '--report', format, '--report-out', reportFile], canaries, endpoint);
      runs.push({ name, result, reportFile });
      return result;
    };
    expect((await run('plan', 'plan', `s3://${bucket}/${PREFIX}`, server.endpoint)).code).toBe(3);
    expect((await run('plan-text', 'plan', `s3://${bucket}/${PREFIX}`, server.endpoint, 'text')).code).toBe(3);
    expect((await run('plan-md', 'plan', `s3://${bucket}/${PREFIX}`, server.endpoint, 'markdown')).code).toBe(3);
    const applied = await run('apply', 'apply', `s3://${bucket}/${PREFIX}`, server.endpoint);
    expect(applied.code, applied.stderr).toBe(3);
    const report = JSON.parse(readFileSync(runs.at(-1)!.reportFile, 'utf8')) as RunReport;
    expect(report.totals.moved).toBe(2); // one canary record per readable object (13:10Z is 22:10 JST: in place)
    // Reported by location only: two unparseable timestamps and one broken line hold the canary.
    expect(report.unplaceableByReason).toEqual({ unparseable: 2, 'malformed-record': 1 });
    expect(report.unreadable.map((u) => u.object)).toEqual(['dt=2020-04-20/hour=22/canary-3.json.gz']);
    expect((await run('missing-bucket', 'apply', `s3://no-such-bucket-${process.pid}/${PREFIX}`, server.endpoint)).code).not.toBe(0);
    expect((await run('wrong-endpoint', 'plan', `s3://${bucket}/${PREFIX}`, 'http://127.0.0.1:9')).code).toBe(1);
    // The moved records really hold the payload, so a leak of record content would show.
    const moved = await listAll(client, bucket, `${PREFIX}dt=2020-04-20/hour=20/`);
    expect(moved.length).toBeGreaterThan(0);
    for (const { name, result, reportFile } of runs) {
      let file = '';
      try {
        file = readFileSync(reportFile, 'utf8');
      } catch {
        file = ''; // a failing run writes no report
      }
      expect(result.stderr.length + result.stdout.length + file.length, name).toBeGreaterThan(0);
      for (const canary of [...Object.values(canaries), payload]) {
        for (const [where, text] of [['stdout', result.stdout], ['stderr', result.stderr], ['report', file]] as const) {
          expect(text.includes(canary), `${name}: ${where} contains ${canary}`).toBe(false);
        }
      }
    }
    expect(runs.find((r) => r.name === 'apply')!.result.stderr).toContain('"level":"debug"'); // really verbose
  });
});

/** A proxy to moto that answers reads of one key like S3 answers an SSE-C object read without its key. */
async function ssecProxy(target: URL, ssecPath: string): Promise<{ endpoint: string; ssecReads: () => number; close: () => Promise<void> }> {
  let reads = 0;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if ((req.method === 'GET' || req.method === 'HEAD') && decodeURIComponent(url.split('?')[0]!) === decodeURIComponent(ssecPath) && !url.includes('tagging')) {
      reads += 1;
      const body =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRequest</Code><Message>The object was stored using a form of Server Side Encryption. ' +
        'The correct parameters must be provided to retrieve the object.</Message><RequestId>stub</RequestId></Error>';
      res.writeHead(400, { 'content-type': 'application/xml' });
      res.end(req.method === 'HEAD' ? undefined : body);
      req.resume();
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ssecReads: () => reads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

