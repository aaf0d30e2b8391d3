/**
 * Every file of fixtures/parquet/ (pyarrow, DuckDB, arrow-rs and hand-made writers): decode, rewrite
 * a scattered subset of rows, then check the output twice: with our own reader (same row digests)
 * and with the independent oracle (pyarrow and DuckDB): the same schema elements, codecs and
 * key/value metadata as the source, and the same values for the kept rows.
 * A file that cannot be rewritten must be listed below with its reason: nothing is skipped silently.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteSourceFromBytes, digestParquet, readFooter, rewriteSupport } from '../../../src/formats/parquet/index.js';
import { formatDigest } from '../../../src/plan/digest.js';
import { dumpParquetMany, duckdbRowsMany, isRejection, oraclePython } from '../../helpers/parquetOracle.js';
import type { DuckdbRejection, DuckdbRows, OracleRejection, ParquetDump } from '../../helpers/parquetOracle.js';
import { decodeFile, FIXTURES, rewriteSubset, tempDir } from './helpers.js';

/** Files that must be reported as unreadable, with the reason. */
const UNREADABLE: Readonly<Record<string, string>> = {
  'corrupt_footer.parquet': 'corrupt-footer',
  'truncated_tail.parquet': 'not-parquet',
};
/** Files that must be refused by rewriteSupport, with the column and refusal code. */
const REFUSED: Readonly<Record<string, { column: string; code: string }>> = {};

const STATISTICS_CHECK = path.join(import.meta.dirname, 'statistics_check.py');

const files = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.parquet'))
  .sort();

describe('the fixture corpus', () => {
  it('is there', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(Object.entries(UNREADABLE))('%s is unreadable (%s)', async (name, reason) => {
    const error = await readFooter(byteSourceFromBytes(readFileSync(path.join(FIXTURES, name)))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREADABLE_OBJECT', reason });
  });

  it.each(Object.entries(REFUSED))('%s is refused', async (name, expected) => {
    const footer = await readFooter(byteSourceFromBytes(readFileSync(path.join(FIXTURES, name))));
    expect(rewriteSupport(footer)).toMatchObject({ ok: false, ...expected, reason: expect.any(String) });
  });
});

const rewritable = files.filter((name) => !(name in UNREADABLE) && !(name in REFUSED));

describe('rewriting a scattered subset of every fixture', () => {
  const temp = tempDir('pq-corpus-');
  const outputs = new Map<string, { file: string; kept: number[] }>();
  let sourceDumps = new Map<string, ParquetDump>();
  let outputDumps = new Map<string, ParquetDump | OracleRejection>();
  let duckdbSources = new Map<string, DuckdbRows | DuckdbRejection>();
  let duckdbOutputs = new Map<string, DuckdbRows | DuckdbRejection>();
  let statistics: Record<string, { checked: number; problems: string[] }> = {};

  beforeAll(async () => {
    for (const [i, name] of rewritable.entries()) {
      const file = await decodeFile(readFileSync(path.join(FIXTURES, name)));
      const { output, kept, digest } = await rewriteSubset(file, 100 + i);
      // Our own reader: the output holds exactly the kept rows, bit for bit.
      const back = await digestParquet(byteSourceFromBytes(output));
      expect(formatDigest(back.digest), name).toBe(digest);
      const target = path.join(temp.dir, name);
      writeFileSync(target, output);
      outputs.set(name, { file: target, kept });
    }
    const sources = await dumpParquetMany(rewritable.map((name) => path.join(FIXTURES, name)));
    sourceDumps = new Map(
      sources.map((dump, i) => {
        if (isRejection(dump)) throw new Error(`pyarrow rejects the fixture ${rewritable[i]!}: ${dump.error}`);
        return [rewritable[i]!, dump];
      }),
    );
    const written = await dumpParquetMany(rewritable.map((name) => outputs.get(name)!.file));
    outputDumps = new Map(written.map((dump, i) => [rewritable[i]!, dump]));
    const outputFiles = rewritable.map((name) => outputs.get(name)!.file);
    const [duckSources, duckOutputs, stats] = await Promise.all([
      duckdbRowsMany(rewritable.map((name) => path.join(FIXTURES, name))),
      duckdbRowsMany(outputFiles),
      promisify(execFile)(oraclePython(), [STATISTICS_CHECK, ...outputFiles], { maxBuffer: 64 * 1024 * 1024 }),
    ]);
    duckdbSources = new Map(duckSources.map((rows, i) => [rewritable[i]!, rows]));
    duckdbOutputs = new Map(duckOutputs.map((rows, i) => [rewritable[i]!, rows]));
    statistics = JSON.parse(stats.stdout) as typeof statistics;
  }, 120_000);
  afterAll(() => temp.remove());

  it.each(rewritable)('%s: pyarrow and DuckDB read the same schema, codecs, metadata and kept rows', (name) => {
    const source = sourceDumps.get(name)!;
    const output = outputDumps.get(name)!;
    if (isRejection(output)) throw new Error(`pyarrow rejects the rewrite of ${name}: ${output.error} (DuckDB: ${output.duckdbError ?? 'read it'})`);
    expect(output.footerSchema).toEqual(source.footerSchema);
    expect(output.schema).toEqual(source.schema);
    expect(output.arrowSchema).toBe(source.arrowSchema);
    expect(output.duckdbSchema).toEqual(source.duckdbSchema);
    expect(output.codecs).toEqual(source.codecs);
    expect(output.duckdbCodecs).toEqual(source.duckdbCodecs);
    expect(output.kv).toEqual(source.kv);
    expect(output.formatVersion).toBe(source.formatVersion);
    const kept = outputs.get(name)!.kept;
    expect(output.numRows).toBe(kept.length);
    expect(output.rows).toEqual(kept.map((i) => source.rows![i]));
  });

  it.each(rewritable)('%s: DuckDB reads the same kept rows', (name) => {
    const source = duckdbSources.get(name)!;
    const output = duckdbOutputs.get(name)!;
    if ('error' in output) throw new Error(`DuckDB rejects the rewrite of ${name}: ${output.error}`);
    const kept = outputs.get(name)!.kept;
    if ('error' in source) {
      // DuckDB cannot read a few source encodings (BYTE_STREAM_SPLIT on INT32/FLBA); the rewrite uses
      // PLAIN/dictionary pages, so DuckDB reads it: compare with pyarrow's reading of the source.
      expect(sourceDumps.get(name)!.columnChunks.some((c) => c.encodings.includes('BYTE_STREAM_SPLIT'))).toBe(true);
      expect(output.rows).toEqual(kept.map((i) => sourceDumps.get(name)!.rows![i]));
      return;
    }
    expect(output.rows).toEqual(kept.map((i) => source.rows[i]));
  });

  it.each(rewritable)('%s: the written statistics bound the values (pyarrow)', (name) => {
    const result = statistics[outputs.get(name)!.file]!;
    expect(result.problems).toEqual([]);
  });

  it('checks statistics at all', () => {
    expect(Object.values(statistics).reduce((n, r) => n + r.checked, 0)).toBeGreaterThan(100);
  });
});
