// `npm run bench:parquet`: `repartition plan` and `apply` on ≥ 1 GB (JSON-lines equivalent) of
// generated, outage-shaped Parquet (written by DuckDB, snappy), against DuckDB doing the same job:
// read every object and rewrite the table partitioned by (dt, hour), each late row in its event
// hour, every other row where it was. All measured in this one run on this machine.
// Flags: --rss also measures peak RSS of plan and apply on 4× the objects and on 4× larger objects.
//        --regenerate throws the cached data set away (./bench-data/parquet-*, git-ignored).
// Internal: `bench-parquet.js --duckdb <stats|copy> <root> <threads> [out]` is the DuckDB child.
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { best, cliPath, dataRoot, ensureFourTimesObjects, ensureTable, linkCopy, peakRss, run } from './bench-lib.js';

const RUNS = 2;
const CONCURRENCY = 8;
const WORKERS = availableParallelism();
/** Fixed +09:00: the generated table is in Asia/Tokyo, which has no DST (as bench-duckdb.js). */
const TABLE_FLAGS = ['--partition-tz', 'Asia/Tokyo', '--time-field', 'timestamp'];
/** gzip level of the intermediate JSON objects, which are converted and thrown away: the fastest. */
const TABLE_1X = { recordsPerHour: 150_000, gzipLevel: 1 };
const TABLE_4X_SIZE = { ...TABLE_1X, bufferMinutes: 20 };

if (process.argv[2] === '--duckdb') {
  await duckdbChild(process.argv[3], process.argv[4], Number(process.argv[5]), process.argv[6]);
} else {
  await main();
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const { generateParquetOutageDay } = await import('../dist/demo/outageParquet.js');
  const table = (name, options) => ensureTable(name, options, { generate: generateParquetOutageDay, regenerate: args.has('--regenerate'), label: 'GB of JSON as Parquet' });
  const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const count = (n) => (n ?? NaN).toLocaleString('en-US');

  const { root, truth } = await table('parquet-1x', TABLE_1X);
  const stats = JSON.parse((await run(process.execPath, [fileURLToPath(import.meta.url), '--duckdb', 'stats', root, String(WORKERS)])).stdout);
  process.stderr.write(
    `\ndata: ${truth.objects} Parquet objects (DuckDB, snappy, ${stats.rowGroups} row groups), ${count(truth.records)} rows (${count(truth.late)} late, ` +
      `${count(truth.early)} early, ${count(truth.unplaceable)} with a NULL timestamp)\n` +
      `size: ${mb(truth.parquetBytes)} of Parquet on disk; ${mb(stats.uncompressedBytes)} of uncompressed column chunks; ` +
      `${(truth.uncompressedBytes / 1e9).toFixed(2)} GB as the JSON lines it was made from (the "uncompressed-equivalent")\n` +
      `machine: ${WORKERS} cores; ${RUNS} runs each (apply: one), best kept\n\n`,
  );
  if (stats.rows !== truth.records || stats.late !== truth.late) {
    throw new Error(`DuckDB reads ${stats.rows} rows / ${stats.late} late, the generator wrote ${truth.records} / ${truth.late}: the table is not what it should be (--regenerate)`);
  }

  const cli = (command, dir) => run(process.execPath, [cliPath, command, dir, ...TABLE_FLAGS, '--report', 'json', '--log-format', 'json', '--concurrency', String(CONCURRENCY)]);
  const plan = await best('repartition plan', () => cli('plan', root), RUNS);
  const planReport = JSON.parse(plan.stdout);

  const duckOut = path.join(dataRoot, 'parquet-duckdb-out');
  const duck = await best(
    'DuckDB COPY … PARTITION_BY',
    async () => {
      rmSync(duckOut, { recursive: true, force: true });
      return run(process.execPath, [fileURLToPath(import.meta.url), '--duckdb', 'copy', root, String(WORKERS), duckOut]);
    },
    RUNS,
  );
  rmSync(duckOut, { recursive: true, force: true });
  const duckReport = JSON.parse(duck.stdout);

  const applyRoot = linkCopy(root, path.join(dataRoot, 'parquet-1x-apply'));
  const applied = await cli('apply', applyRoot);
  rmSync(applyRoot, { recursive: true, force: true });
  process.stderr.write(`  ${'repartition apply'.padEnd(28)} ${applied.seconds.toFixed(2)} s (one run)\n`);
  const applyReport = JSON.parse(applied.stdout);

  const jsonMb = truth.uncompressedBytes / 1e6;
  process.stdout.write(`\n| step | seconds | MB/s (JSON-equivalent) | × DuckDB |\n|---|---:|---:|---:|\n`);
  for (const [label, seconds] of [
    [`DuckDB read_parquet → COPY PARTITION_BY (dt, hour), ${WORKERS} threads (rewrites all ${count(duckReport.rows)} rows)`, duck.seconds],
    [`\`repartition plan\` (best of ${RUNS})`, plan.seconds],
    [`\`repartition apply\` (one run; ${applyReport.commit?.committed ?? 0} objects rewritten, ${count(applyReport.totals.moved)} rows moved)`, applied.seconds],
  ]) {
    process.stdout.write(`| ${label} | ${seconds.toFixed(2)} | ${(jsonMb / seconds).toFixed(0)} | ${(seconds / duck.seconds).toFixed(2)} |\n`);
  }
  process.stdout.write(
    `\nplan / DuckDB = ${(plan.seconds / duck.seconds).toFixed(2)}; apply / DuckDB = ${(applied.seconds / duck.seconds).toFixed(2)}; apply / plan = ${(applied.seconds / plan.seconds).toFixed(2)}\n` +
      `late rows: generator ${count(truth.late)}, DuckDB ${count(stats.late)}, plan ${count(planReport.totals.late)}, apply moved ${count(applyReport.totals.moved)}\n` +
      `peak RSS: plan ${mib(peakRss(plan))}, apply ${mib(peakRss(applied))}, DuckDB ${mib(duckReport.maxRssBytes)}; ` +
      `apply checksum before = after: ${applyReport.checksum.before === applyReport.checksum.after}\n`,
  );
  // Until the CLI reads Parquet, it skips every object (exit 3): say so instead of printing a win.
  for (const [command, report, result] of [['plan', planReport, plan], ['apply', applyReport, applied]]) {
    if (report.totals.records !== truth.records || report.totals.late !== truth.late) {
      const reasons = [...new Set(report.skipped.map((s) => s.reason))].join(', ') || 'none';
      process.stdout.write(
        `WARNING: ${command} (exit ${result.code}) read ${count(report.totals.records)} of ${count(truth.records)} rows and found ${count(report.totals.late)} of ${count(truth.late)} late; ` +
          `${report.totals.skippedObjects} objects skipped (${reasons}), ${report.totals.unreadableObjects} unreadable: its time is not comparable\n`,
      );
    }
  }

  if (args.has('--rss')) {
    const fourObjects = ensureFourTimesObjects(root, 'parquet-4x-objects');
    const big = await table('parquet-4x-size', TABLE_4X_SIZE);
    process.stdout.write(
      '\n| data set | objects | GB (JSON-equivalent) | MB Parquet | plan s | apply s | DuckDB s | plan / DuckDB | apply / DuckDB | plan peak RSS MiB | apply peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n',
    );
    for (const [label, dir, objects, jsonBytes, parquetBytes, planned, duckSeconds] of [
      ['1× (5-minute objects)', root, truth.objects, truth.uncompressedBytes, truth.parquetBytes, plan, duck.seconds],
      ['4× objects (4 days)', fourObjects, truth.objects * 4, truth.uncompressedBytes * 4, truth.parquetBytes * 4, undefined, undefined],
      ['4× larger objects (20-minute)', big.root, big.truth.objects, big.truth.uncompressedBytes, big.truth.parquetBytes, undefined, undefined],
    ]) {
      const planResult = planned ?? (await cli('plan', dir));
      let applyResult = applied;
      if (dir !== root) {
        const copy = linkCopy(dir, path.join(dataRoot, 'parquet-rss-apply'));
        applyResult = await cli('apply', copy);
        rmSync(copy, { recursive: true, force: true });
      }
      // The same DuckDB rewrite on each data set, so that the larger ones (over 1 GB of Parquet on disk) have ratios too.
      let duckdb = duckSeconds;
      if (duckdb === undefined) {
        duckdb = (await run(process.execPath, [fileURLToPath(import.meta.url), '--duckdb', 'copy', dir, String(WORKERS), duckOut])).seconds;
        rmSync(duckOut, { recursive: true, force: true });
      }
      process.stdout.write(
        `| ${label} | ${objects} | ${(jsonBytes / 1e9).toFixed(2)} | ${(parquetBytes / 1e6).toFixed(0)} | ${planResult.seconds.toFixed(2)} | ${applyResult.seconds.toFixed(2)} | ${duckdb.toFixed(2)} | ` +
          `${(planResult.seconds / duckdb).toFixed(2)} | ${(applyResult.seconds / duckdb).toFixed(2)} | ${(peakRss(planResult) / 2 ** 20).toFixed(0)} | ${(peakRss(applyResult) / 2 ** 20).toFixed(0)} |\n`,
      );
    }
  }
}

/** The DuckDB side, in its own process so that its time and RSS are measured like the CLI's. */
async function duckdbChild(mode, root, threads, out) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const quote = (text) => `'${text.replaceAll("'", "''")}'`;
  const glob = quote(`${root}/dt=*/hour=*/*.parquet`);
  // The source partition from the path; the event hour in JST; late = event hour before it.
  const source = `
    SELECT *, strptime(dt || ' ' || hour, '%Y-%m-%d %H') AS __source_hour,
           date_trunc('hour', CAST("timestamp" AS TIMESTAMP) + INTERVAL 9 HOUR) AS __event_hour
    FROM read_parquet(${glob}, hive_partitioning = true, hive_types = {'dt': VARCHAR, 'hour': VARCHAR})`;
  await connection.run(`SET TimeZone = 'UTC'`);
  if (mode === 'stats') {
    const [rows, late] = (await connection.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE __event_hour < __source_hour) FROM (${source})`)).getRows()[0].map(Number);
    const [uncompressedBytes, rowGroups] = (
      await connection.runAndReadAll(`SELECT sum(total_uncompressed_size), count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata(${glob})`)
    ).getRows()[0].map(Number);
    process.stdout.write(JSON.stringify({ rows, late, uncompressedBytes, rowGroups }) + '\n');
  } else if (mode === 'copy') {
    const result = await connection.run(`
      COPY (
        SELECT * EXCLUDE (dt, hour, __source_hour, __event_hour),
               CASE WHEN __event_hour < __source_hour THEN strftime(__event_hour, '%Y-%m-%d') ELSE dt END AS dt,
               CASE WHEN __event_hour < __source_hour THEN strftime(__event_hour, '%H') ELSE hour END AS hour
        FROM (${source})
      ) TO ${quote(out)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (dt, hour))`);
    process.stdout.write(JSON.stringify({ rows: result.rowsChanged, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  } else {
    throw new Error(`bench-parquet.js --duckdb: unknown mode ${mode}`);
  }
  connection.closeSync();
  instance.closeSync();
}
