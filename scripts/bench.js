// `npm run bench`: plan vs. plain gunzip vs. DuckDB on ≥ 1 GB (uncompressed) of generated,
// outage-shaped gzip JSON lines, all measured in this one run on this machine.
// Flags: --rss also measures peak RSS on 4× the objects and on 4× larger objects.
//        --regenerate throws the cached data set away.
//        --s3 also times plan and apply against moto_server (S3 protocol on 127.0.0.1) on the same
//             data, next to the local-folder figures (moto: $MOTO_SERVER, PATH, .venv/bin/moto_server).
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DEMO_FLAGS, generateOutageDay } from '../dist/demo/outage.js';
import { best as bestOf, cliPath, dataRoot, ensureFourTimesObjects, ensureTable as ensureCachedTable, linkCopy, listFiles, peakRss, repo, run } from './bench-lib.js';

const args = new Set(process.argv.slice(2));
const WORKERS = availableParallelism();
const CONCURRENCY = 8;
const RUNS = 2;

const ensureTable = (name, options) => ensureCachedTable(name, options, { generate: generateOutageDay, regenerate: args.has('--regenerate') });
const best = (label, fn) => bestOf(label, fn, RUNS);

function planRun(root) {
  return run(process.execPath, [cliPath, 'plan', root, ...DEMO_FLAGS, '--report', 'json', '--log-format', 'json', '--concurrency', String(CONCURRENCY)]);
}

const { root, truth } = await ensureTable('app-1x', { recordsPerHour: 150_000 });
const gb = truth.uncompressedBytes / 1e9;
process.stderr.write(`\ndata: ${gb.toFixed(2)} GB uncompressed, ${(truth.compressedBytes / 1e6).toFixed(0)} MB gzip, ${truth.objects} objects, ${truth.records.toLocaleString('en-US')} records (${truth.late.toLocaleString('en-US')} late)\n`);
process.stderr.write(`machine: ${WORKERS} cores; ${RUNS} runs each, best kept\n\n`);

const gunzip = await best('gunzip (node zlib)', () => run(process.execPath, [path.join(repo, 'scripts', 'bench-gunzip.js'), root, String(WORKERS), String(CONCURRENCY)]));
const plan = await best('repartition plan', () => planRun(root));
const planReport = JSON.parse(plan.stdout);
if (planReport.totals.late !== truth.late || planReport.totals.records !== truth.records) {
  throw new Error(`plan disagrees with the generator: late ${planReport.totals.late} vs ${truth.late}`);
}
const duck = await best('DuckDB read_json detection', () => run(process.execPath, [path.join(repo, 'scripts', 'bench-duckdb.js'), root, String(WORKERS)]));
const duckLate = JSON.parse(duck.stdout).late;

const rows = [
  ['gunzip (practical limit)', gunzip.seconds],
  ['repartition plan', plan.seconds],
  ['DuckDB detection', duck.seconds],
];
process.stdout.write(`\n| step | seconds | MB/s (uncompressed) | × gunzip |\n|---|---:|---:|---:|\n`);
for (const [label, seconds] of rows) {
  process.stdout.write(`| ${label} | ${seconds.toFixed(2)} | ${(truth.uncompressedBytes / 1e6 / seconds).toFixed(0)} | ${(seconds / gunzip.seconds).toFixed(2)} |\n`);
}
process.stdout.write(`\nplan / gunzip = ${(plan.seconds / gunzip.seconds).toFixed(2)} (goal ≤ 1.25)\nplan / DuckDB = ${(plan.seconds / duck.seconds).toFixed(2)} (goal < 1)\n`);
process.stdout.write(`DuckDB found ${duckLate.toLocaleString('en-US')} late records, plan ${planReport.totals.late.toLocaleString('en-US')}, generator ${truth.late.toLocaleString('en-US')}\n`);
process.stdout.write(`peak RSS of plan: ${(peakRss(plan) / 2 ** 20).toFixed(0)} MiB\n`);

// apply on a hard-linked copy (deleting a link leaves the cached original intact).
const applyRoot = linkCopy(root, path.join(dataRoot, 'app-1x-apply'));
const applied = await run(process.execPath, [cliPath, 'apply', applyRoot, ...DEMO_FLAGS, '--report', 'json', '--log-format', 'json', '--concurrency', String(CONCURRENCY)]);
const applyReport = JSON.parse(applied.stdout);
rmSync(applyRoot, { recursive: true, force: true });
process.stderr.write(`  ${'repartition apply'.padEnd(28)} ${applied.seconds.toFixed(2)} s (one run)\n`);
process.stdout.write(
  `\napply: ${applied.seconds.toFixed(2)} s for ${applyReport.commit.committed} units, ${applyReport.totals.moved.toLocaleString('en-US')} records moved, ` +
    `${(applyReport.totals.bytesWritten / 1e6).toFixed(0)} MB written; apply / plan = ${(applied.seconds / plan.seconds).toFixed(2)} (goal ≤ 2); ` +
    `peak RSS ${(peakRss(applied) / 2 ** 20).toFixed(0)} MiB; checksum before = after: ${applyReport.checksum.before === applyReport.checksum.after}\n`,
);

if (args.has('--s3')) await benchS3();

async function benchS3() {
  const { startMoto, DUMMY_AWS_ENV } = await import('./bench-moto.js');
  const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const moto = await startMoto(repo);
  const stopOnSignal = () => void moto.stop().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  try {
    process.stderr.write(`\nS3: moto_server ${moto.server} at ${moto.endpoint}, pid ${moto.pid}, RSS ${mib(moto.rss().now)}\n`);
    const bucket = 'bench';
    const client = new S3Client({
      endpoint: moto.endpoint,
      forcePathStyle: true,
      region: DUMMY_AWS_ENV.AWS_REGION,
      credentials: { accessKeyId: DUMMY_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: DUMMY_AWS_ENV.AWS_SECRET_ACCESS_KEY },
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const files = listFiles(root).filter((file) => !path.relative(root, file).startsWith('_'));
    const uploadStarted = process.hrtime.bigint();
    let next = 0;
    let uploaded = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        const body = readFileSync(file);
        const key = `app/${path.relative(root, file).split(path.sep).join('/')}`;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        uploaded += body.length;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    client.destroy();
    const uploadSeconds = Number(process.hrtime.bigint() - uploadStarted) / 1e9;
    const afterUpload = moto.rss();
    process.stderr.write(`  ${'upload (SDK, 8 at a time)'.padEnd(28)} ${uploadSeconds.toFixed(2)} s, ${files.length} objects, ${(uploaded / 1e6).toFixed(0)} MB; moto RSS ${mib(afterUpload.now)}\n`);

    const s3Args = (command) => [
      cliPath, command, `s3://${bucket}/app/`, ...DEMO_FLAGS,
      '--endpoint-url', moto.endpoint, '--report', 'json', '--log-format', 'json', '--concurrency', String(CONCURRENCY),
    ];
    const s3Plan = await best('repartition plan (S3)', () => run(process.execPath, s3Args('plan'), DUMMY_AWS_ENV));
    const s3PlanReport = JSON.parse(s3Plan.stdout);
    if (s3PlanReport.totals.late !== truth.late || s3PlanReport.totals.records !== truth.records) {
      throw new Error(`S3 plan disagrees with the generator: late ${s3PlanReport.totals.late} vs ${truth.late}`);
    }
    const afterPlan = moto.rss();
    const s3Applied = await run(process.execPath, s3Args('apply'), DUMMY_AWS_ENV);
    const s3ApplyReport = JSON.parse(s3Applied.stdout);
    const afterApply = moto.rss();
    process.stderr.write(`  ${'repartition apply (S3)'.padEnd(28)} ${s3Applied.seconds.toFixed(2)} s (one run)\n`);

    const calls = s3ApplyReport.storeCalls;
    const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
    const units = s3ApplyReport.commit.committed;
    process.stdout.write(`\n| step | local s | S3 (moto) s | S3 / local |\n|---|---:|---:|---:|\n`);
    process.stdout.write(`| plan (best of ${RUNS}) | ${plan.seconds.toFixed(2)} | ${s3Plan.seconds.toFixed(2)} | ${(s3Plan.seconds / plan.seconds).toFixed(2)} |\n`);
    process.stdout.write(`| apply (one run) | ${applied.seconds.toFixed(2)} | ${s3Applied.seconds.toFixed(2)} | ${(s3Applied.seconds / applied.seconds).toFixed(2)} |\n`);
    process.stdout.write(
      `\nS3 plan ${(truth.uncompressedBytes / 1e6 / s3Plan.seconds).toFixed(0)} MB/s uncompressed; S3 apply: ${units} units committed, ` +
        `${s3ApplyReport.totals.moved.toLocaleString('en-US')} records moved, checksum before = after: ${s3ApplyReport.checksum.before === s3ApplyReport.checksum.after}\n` +
        `S3 apply storeCalls: ${JSON.stringify(calls)} = ${totalCalls} requests, ${(totalCalls / units).toFixed(1)} per unit` +
        ` (mutating ${['createIfAbsent', 'deleteIfMatch', 'replaceIfMatch', 'removeAbandonedWrites'].reduce((a, k) => a + (calls[k] ?? 0), 0)})\n` +
        `S3 plan / apply peak RSS (CLI): ${mib(peakRss(s3Plan))} / ${mib(peakRss(s3Applied))}\n` +
        `moto RSS: ${mib(afterUpload.now)} after upload (${uploadSeconds.toFixed(1)} s), ${mib(afterPlan.now)} after plan, ${mib(afterApply.now)} after apply, peak ${mib(afterApply.peak)}\n`,
    );
  } finally {
    const code = await moto.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    process.stderr.write(`  moto_server stopped (${code})\n`);
  }
}

if (args.has('--rss')) {
  const fourObjects = ensureFourTimesObjects(root, 'app-4x-objects');
  const big = await ensureTable('app-4x-size', { recordsPerHour: 150_000, bufferMinutes: 20 });
  process.stdout.write('\n| data set | objects | GB | peak RSS MiB |\n|---|---:|---:|---:|\n');
  for (const [label, dir, objects, bytes] of [
    ['1× (5-minute objects)', root, truth.objects, truth.uncompressedBytes],
    ['4× objects (4 days)', fourObjects, truth.objects * 4, truth.uncompressedBytes * 4],
    ['4× larger objects (20-minute)', big.root, big.truth.objects, big.truth.uncompressedBytes],
  ]) {
    const result = await planRun(dir);
    process.stdout.write(`| ${label} | ${objects} | ${(bytes / 1e9).toFixed(2)} | ${(peakRss(result) / 2 ** 20).toFixed(0)} |\n`);
  }
}
