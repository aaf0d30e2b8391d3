/** Shared helpers for the Parquet codec tests: whole-file reads, row subsets, DuckDB-written files. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { byteSourceFromBytes, encodeParquetToBytes, readFooter, readRowGroup, RowEncoder } from '../../../src/formats/parquet/index.js';
import type { ByteSource, ParquetFooter, RowGroupData, RowSelection } from '../../../src/formats/parquet/index.js';
import { DigestAccumulator, formatDigest } from '../../../src/plan/digest.js';
import { mulberry32 } from '../../../src/demo/outage.js';

export const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'parquet');

export interface DecodedFile {
  readonly source: ByteSource;
  readonly footer: ParquetFooter;
  readonly groups: readonly RowGroupData[];
}

export async function decodeFile(bytes: Uint8Array): Promise<DecodedFile> {
  const source = byteSourceFromBytes(bytes);
  const footer = await readFooter(source);
  const groups: RowGroupData[] = [];
  for (let g = 0; g < footer.metadata.row_groups.length; g++) groups.push(await readRowGroup(source, footer, g));
  return { source, footer, groups };
}

/** Deterministic pseudo-random generator, so a failing subset can be replayed. */
export const seededRandom = mulberry32;

/**
 * A scattered subset of every row group: every third row plus a random quarter of the others;
 * returns the selections, the kept rows' global indices (file order) and their multiset digest.
 */
export function scatteredSubset(groups: readonly RowGroupData[], seed = 6): { selections: RowSelection[]; kept: number[]; digest: string } {
  const random = seededRandom(seed);
  const encoder = new RowEncoder();
  const acc = new DigestAccumulator();
  const kept: number[] = [];
  let base = 0;
  const selections = groups.map((group) => {
    const rows: number[] = [];
    for (let r = 0; r < group.rows; r++) {
      if (r % 3 === 0 || random() < 0.25) {
        rows.push(r);
        kept.push(base + r);
        acc.add(encoder.encode(group, r));
      }
    }
    base += group.rows;
    return { group, rows };
  });
  return { selections, kept, digest: formatDigest(acc.snapshot()) };
}

export async function rewriteSubset(file: DecodedFile, seed = 6): Promise<{ output: Uint8Array; kept: number[]; digest: string }> {
  const { selections, kept, digest } = scatteredSubset(file.groups, seed);
  const output = await encodeParquetToBytes({ source: file.footer, rows: selections });
  return { output, kept, digest };
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs DuckDB statements (single-threaded, so files are deterministic). */
export async function duckdb(statements: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
