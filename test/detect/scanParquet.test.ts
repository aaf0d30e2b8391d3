/**
 * How a Parquet object is scanned, decided by counting what the store served (never by timing):
 * footer first; row groups that footer statistics prove placed cost nothing more; otherwise the
 * time column's chunk alone; the whole object once only when some row moves. Files are written by
 * DuckDB (a real writer); byte figures come from DuckDB's own `parquet_metadata`, not from our reader.
 *
 * The two main files (6,144 rows in three row groups of 2,048, in hour 22 of Tokyo, ~90 KB):
 *   clean  every row in hour 22             → footer only (8 + metadata bytes, 2 reads)
 *   late   100 rows of row group 1 at 21:30 → footer + the time chunk of row group 1 + every row
 *          group's byte range once (see `expectedLateBytes`)
 * Measured with DuckDB 1.5.6 (the assertions compute the figures, they do not hard-code them):
 * clean, 89,728 bytes: 905 read (8 + 897); late, 89,629 bytes: 101,912 read = 905 footer +
 * 12,287 time chunk + 88,720 for the three row groups.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createObjectScanner } from '../../src/detect/scanObject.js';
import type { ObjectScan, ScannedObject } from '../../src/detect/types.js';
import { byteSourceFromBytes, readFooter } from '../../src/formats/parquet/index.js';
import { combineDigests, digestsEqual } from '../../src/plan/digest.js';
import { MemoryStore } from '../helpers/memoryStore.js';
import { ByteCountingStore, duckdbParquet, HOUR_22, SETTINGS, targetOf, tokyo22 } from './helpers.js';

interface ChunkSpan {
  readonly rowGroup: number;
  readonly column: string;
  readonly start: number;
  readonly end: number;
}

/** Column chunk byte spans as DuckDB reports them (`parquet_metadata`): independent of our footer reader. */
async function chunkSpans(bytes: Uint8Array): Promise<ChunkSpan[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lr-spans-'));
  const file = path.join(dir, 'f.parquet');
  writeFileSync(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.runAndReadAll(
      `SELECT row_group_id, path_in_schema, data_page_offset, dictionary_page_offset, total_compressed_size FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
    );
    return result.getRowObjects().map((row) => {
      const data = Number(row.data_page_offset);
      const dict = row.dictionary_page_offset === null ? null : Number(row.dictionary_page_offset);
      const start = dict !== null && dict > 0 && dict < data ? dict : data;
      return { rowGroup: Number(row.row_group_id), column: String(row.path_in_schema), start, end: start + Number(row.total_compressed_size) };
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Footer cost: the 8-byte tail, then the metadata whose length the tail names. */
function footerBytes(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 4).getUint32(0, true) + 8;
}

const ROWS = 6144;
/** 6,144 rows at 0.5 s steps from 22:00 Tokyo; `late` puts rows 2,500–2,599 (row group 1) at 21:30. */
const select = (late: boolean): string =>
  `SELECT i, 'row ' || i AS msg, ${late ? `CASE WHEN i BETWEEN 2500 AND 2599 THEN ${tokyo22('-1800000 + i')} ELSE ${tokyo22('i * 500')} END` : tokyo22('i * 500')} AS "timestamp" FROM range(${ROWS}) t(i)`;

let clean: Uint8Array;
let late: Uint8Array;
let lateSpans: ChunkSpan[];
beforeAll(async () => {
  clean = await duckdbParquet(select(false));
  late = await duckdbParquet(select(true));
  lateSpans = await chunkSpans(late);
});

function storeWith(objects: Record<string, Uint8Array>): { store: ByteCountingStore; memory: MemoryStore } {
  const memory = new MemoryStore();
  memory.chunkSize = 64 * 1024;
  for (const [key, bytes] of Object.entries(objects)) memory.put(key, bytes);
  return { store: new ByteCountingStore(memory), memory };
}

async function scan(store: ByteCountingStore, key: string, settings = SETTINGS): Promise<ObjectScan> {
  const target = await targetOf(store, key, settings);
  store.reset();
  return createObjectScanner(settings)(store, target);
}

function scanned(result: ObjectScan): ScannedObject {
  if (result.kind !== 'scanned') throw new Error(`expected a scanned object, got ${result.kind}: ${JSON.stringify(result)}`);
  return result;
}

/** What the late object must cost: footer + time chunk of row group 1 + each row group's span once. */
function expectedLateBytes(): number {
  const time = lateSpans.find((s) => s.rowGroup === 1 && s.column === 'timestamp')!;
  const groups = [0, 1, 2].map((g) => {
    const spans = lateSpans.filter((s) => s.rowGroup === g);
    return Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
  });
  return footerBytes(late) + (time.end - time.start) + groups.reduce((a, b) => a + b, 0);
}

describe('scanning a Parquet object', () => {
  test('the files are what the tests assume: three row groups of 2,048 rows', async () => {
    const footer = await readFooter(byteSourceFromBytes(late));
    expect(footer.metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2048, 2048, 2048]);
    expect(new Set(lateSpans.map((s) => s.rowGroup))).toEqual(new Set([0, 1, 2]));
  });

  test('a clean .parquet object costs its footer only: 2 ranged reads of 8 + metadata bytes, no data page', async () => {
    const { store } = storeWith({ [`${HOUR_22}/clean.parquet`]: clean });
    const result = scanned(await scan(store, `${HOUR_22}/clean.parquet`));
    // 6,144 rows: 8 + 897 footer bytes of an 89,728-byte file (DuckDB 1.5.6)
    expect(store.gets.map((g) => g.range)).toEqual([
      { start: clean.length - 8, end: clean.length },
      { start: clean.length - footerBytes(clean), end: clean.length - 8 },
    ]);
    expect(store.bytesServed).toBe(footerBytes(clean));
    expect(result.bytesRead).toBe(footerBytes(clean));
    expect(footerBytes(clean)).toBeLessThan(clean.length / 20);
    expect(result).toMatchObject({ records: ROWS, recordsNotDigested: ROWS, late: 0, early: 0, unplaceable: 0, moves: [], shape: { format: 'parquet' } });
    expect(result.digest.records).toBe(0); // nothing read in full, nothing digested
  });

  test('an object with late rows in one row group reads footer + that time chunk + the whole object once', async () => {
    const { store } = storeWith({ [`${HOUR_22}/late.parquet`]: late });
    const result = scanned(await scan(store, `${HOUR_22}/late.parquet`));
    expect(store.gets.every((g) => g.range !== null)).toBe(true); // a .parquet name is never streamed whole
    expect(store.bytesServed).toBe(expectedLateBytes());
    expect(result.bytesRead).toBe(store.bytesServed);
    // 2 footer reads + 1 time chunk (row groups 0 and 2 are pruned by statistics) + 3 row groups
    expect(store.gets).toHaveLength(6);
    expect(result).toMatchObject({ records: ROWS, recordsNotDigested: 0, late: 100, early: 0, unplaceable: 0 });
    expect(result.moves).toEqual([expect.objectContaining({ to: 'dt=2020-04-20/hour=21', kind: 'late', records: 100 })]);
    expect(result.digest.records).toBe(ROWS);
    expect(result.stay.records).toBe(ROWS - 100);
    expect(digestsEqual(combineDigests([result.stay, ...result.moves.map((m) => m.digest)]), result.digest)).toBe(true);
  });

  test('magic bytes: an object with no .parquet name is detected by PAR1, its stream stopped, then read by ranges', async () => {
    const { store, memory } = storeWith({ [`${HOUR_22}/part-00000`]: late });
    memory.chunkSize = 1024; // the stopped stream yields one 1 KiB chunk
    const result = scanned(await scan(store, `${HOUR_22}/part-00000`));
    expect(store.gets[0]).toEqual({ key: `${HOUR_22}/part-00000`, range: null, bytes: 1024 });
    expect(store.gets.slice(1).every((g) => g.range !== null)).toBe(true);
    expect(store.bytesServed).toBe(1024 + expectedLateBytes());
    expect(result.bytesRead).toBe(store.bytesServed);
    expect(result).toMatchObject({ late: 100, shape: { format: 'parquet' } });
  });

  test('--format parquet reads any name by ranges, never streaming it', async () => {
    const { store } = storeWith({ [`${HOUR_22}/data.bin`]: clean });
    const result = scanned(await scan(store, `${HOUR_22}/data.bin`, { ...SETTINGS, format: 'parquet' }));
    expect(store.gets.every((g) => g.range !== null)).toBe(true);
    expect(result.bytesRead).toBe(footerBytes(clean));
  });

  test('--format jsonl never takes the Parquet path (PAR1 bytes are not JSON: unreadable)', async () => {
    const { store } = storeWith({ [`${HOUR_22}/late.parquet`]: late });
    const result = await scan(store, `${HOUR_22}/late.parquet`, { ...SETTINGS, format: 'jsonl' });
    expect(result.kind).toBe('unreadable');
  });

  test('row groups are not pruned across a DST change: the repeated New York hour reads its time chunks', async () => {
    // 2020-11-01 01:00–02:00 happens twice in New York (05:00Z–07:00Z): one partition, hour=01.
    const bytes = await duckdbParquet(`SELECT i, make_timestamp(${Date.UTC(2020, 10, 1, 5, 10) * 1000} + i * 1000000) AS "timestamp" FROM range(4096) t(i)`);
    const settings = { ...SETTINGS, partitionTz: 'America/New_York' };
    const { store } = storeWith({ 'dt=2020-11-01/hour=01/x.parquet': bytes });
    const result = scanned(await scan(store, 'dt=2020-11-01/hour=01/x.parquet', settings));
    // Row group 0 (05:10Z–05:44Z) lies in EDT alone and is pruned; row group 1 (05:44Z–06:18Z)
    // spans the change, so its time chunk is read even though both bounds are in hour 01.
    expect(store.gets).toHaveLength(3);
    expect(result).toMatchObject({ records: 4096, late: 0, early: 0, moves: [] });
  });

  test('a missing time column: every row unplaceable (missing-field), no data read', async () => {
    const { store } = storeWith({ [`${HOUR_22}/clean.parquet`]: clean });
    const result = scanned(await scan(store, `${HOUR_22}/clean.parquet`, { ...SETTINGS, timeField: 'ts' }));
    expect(result).toMatchObject({ records: ROWS, unplaceable: ROWS, unplaceableByReason: { 'missing-field': ROWS }, moves: [] });
    expect(result.unplaceableSamples.slice(0, 2)).toEqual([
      { line: 1, reason: 'missing-field' },
      { line: 2, reason: 'missing-field' },
    ]);
    expect(result.bytesRead).toBe(footerBytes(clean));
  });

  test('unplaceable rows are reported by their 1-based row number in the file', async () => {
    const bytes = await duckdbParquet(`SELECT i, CASE WHEN i IN (5, 3000) THEN NULL ELSE ${tokyo22('i')} END AS "timestamp" FROM range(4096) t(i)`);
    const { store } = storeWith({ [`${HOUR_22}/nulls.parquet`]: bytes });
    const result = scanned(await scan(store, `${HOUR_22}/nulls.parquet`));
    expect(result.unplaceableSamples).toEqual([
      { line: 6, reason: 'null-value' },
      { line: 3001, reason: 'null-value' },
    ]);
  });

  test('a truncated object is unreadable after reading its last 8 bytes; nothing else is read', async () => {
    const cut = late.subarray(0, late.length - 100);
    const { store } = storeWith({ [`${HOUR_22}/cut.parquet`]: cut });
    const result = await scan(store, `${HOUR_22}/cut.parquet`);
    expect(result).toMatchObject({ kind: 'unreadable', reason: 'not-parquet', bytesRead: 8 });
    expect(store.bytesServed).toBe(8);
  });

  test('a file this version cannot write back exactly is skipped (parquet-unsupported), naming the column, after its footer only', async () => {
    const bytes = await duckdbParquet(`SELECT ${tokyo22('i')} AS "timestamp", i FROM range(100) t(i)`, { compression: 'zstd' });
    const patched = withCodec(bytes, ZSTD, LZO);
    const footer = await readFooter(byteSourceFromBytes(patched));
    expect(footer.metadata.row_groups[0]!.columns.map((c) => c.meta_data!.codec)).toEqual(['LZO', 'LZO']);
    const { store } = storeWith({ [`${HOUR_22}/lzo.parquet`]: patched });
    const result = await scan(store, `${HOUR_22}/lzo.parquet`);
    expect(result).toMatchObject({ kind: 'skipped', reason: 'parquet-unsupported', bytesRead: footerBytes(patched) });
    expect(result.kind === 'skipped' && result.message).toMatch(/column timestamp .*unsupported-codec.*LZO/);
  });

  test('an object rewritten after it was listed is scanned as it is now (its new ETag)', async () => {
    const { store, memory } = storeWith({ [`${HOUR_22}/x.parquet`]: clean });
    const target = await targetOf(store, `${HOUR_22}/x.parquet`);
    memory.put(`${HOUR_22}/x.parquet`, late);
    const result = scanned(await createObjectScanner(SETTINGS)(store, target));
    expect(result.etag).not.toBe(target.etag);
    expect(result.etag).toBe((await memory.head(`${HOUR_22}/x.parquet` as never))!.etag);
    expect(result.late).toBe(100);
  });

  test('an object deleted after it was listed is skipped as vanished', async () => {
    const { store, memory } = storeWith({ [`${HOUR_22}/x.parquet`]: clean });
    const target = await targetOf(store, `${HOUR_22}/x.parquet`);
    memory.objects.delete(`${HOUR_22}/x.parquet`);
    expect(await createObjectScanner(SETTINGS)(store, target)).toMatchObject({ kind: 'skipped', reason: 'vanished' });
  });
});

/** Thrift compact: field 4 of ColumnMetaData (codec, i32, header 0x15) with zigzag(6 = ZSTD) = 12, zigzag(3 = LZO) = 6. */
const ZSTD = 0x0c;
const LZO = 0x06;

/** The file with every `codec = from` field of its footer set to `to` (same length); the caller checks the result. */
function withCodec(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = bytes.slice();
  const footerStart = out.length - footerBytes(out);
  for (let i = footerStart; i < out.length - 9; i++) if (out[i] === 0x15 && out[i + 1] === from) out[i + 1] = to;
  return out;
}
