/**
 * Event times from Parquet: which column, what its values mean, footer bounds per row group, and
 * per-row results read from the one column chunk. The file is written by DuckDB (independent of
 * our code); expected instants are computed from the same integers the SQL used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteSourceFromBytes, locateTimeColumn, readFooter, readTimeColumn, rowGroupTimeBounds } from '../../../src/formats/parquet/index.js';
import type { ParquetFooter, TimeColumn, TimeColumnOptions } from '../../../src/formats/parquet/index.js';
import { compileTimeFormat, loadZone } from '../../../src/time/index.js';
import type { EventTimeResult } from '../../../src/time/index.js';
import { dumpParquet } from '../../helpers/parquetOracle.js';
import { duckdb, FIXTURES, tempDir } from './helpers.js';

const ROWS = 5000;
const BASE_US = 1_587_376_800_000_000; // 2020-04-20T10:00:00Z
/** The microseconds DuckDB's `us` column holds for row `id` (row 4999 is 1 µs before the epoch). */
const usOf = (id: number): number => (id === ROWS - 1 ? -1 : BASE_US + id * 7_919_123);
const msOf = (id: number): number => Math.floor(usOf(id) / 1000);
/** DuckDB's `us // 1000` truncates towards zero (row 4999: 0). */
const epochMsOf = (id: number): number => Math.trunc(usOf(id) / 1000) + 0;
const HOUR = 3_600_000;

const SQL = (file: string): string[] => [
  "SET TimeZone='UTC'",
  `CREATE TABLE t AS SELECT range AS id, CASE WHEN range = ${ROWS - 1} THEN -1 ELSE ${BASE_US} + range * 7919123 END AS us FROM range(${ROWS})`,
  `COPY (SELECT id,
      CASE WHEN id % 97 = 3 THEN NULL ELSE make_timestamp(us)::TIMESTAMPTZ END AS ts_tz,
      CASE WHEN id % 1000 = 1 THEN TIMESTAMP '2020-10-25 02:30:00' WHEN id % 1000 = 2 THEN TIMESTAMP '2020-03-29 02:30:00' ELSE make_timestamp(us) END AS ts_local,
      epoch_ms(us // 1000)::TIMESTAMP_MS AS ts_ms,
      make_timestamp(us)::TIMESTAMP_NS AS ts_ns,
      us // 1000 AS epoch_ms,
      CASE WHEN id % 3 = 0 THEN strftime(make_timestamp(us), '%Y-%m-%dT%H:%M:%S.%fZ') WHEN id % 3 = 1 THEN strftime(make_timestamp(us), '%Y-%m-%d %H:%M:%S.%f') ELSE 'not a time' END AS iso,
      make_timestamp(us)::DATE AS day,
      CASE WHEN id % 50 = 7 THEN NULL WHEN id % 50 = 8 THEN {'ts': NULL::TIMESTAMPTZ} ELSE {'ts': make_timestamp(us)::TIMESTAMPTZ} END AS meta,
      [make_timestamp(us)] AS tags,
      id % 2 = 0 AS flag
    FROM t ORDER BY id) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
];

const UTC = loadZone('UTC');
const BERLIN = loadZone('Europe/Berlin');
const options = (timeField: string, overrides: Partial<TimeColumnOptions> = {}): TimeColumnOptions => ({
  timeField,
  timeFormat: compileTimeFormat('auto'),
  timestampZone: UTC,
  ...overrides,
});

describe('the time column of a DuckDB file', () => {
  const temp = tempDir('pq-time-');
  const file = path.join(temp.dir, 'times.parquet');
  let bytes: Uint8Array;
  let footer: ParquetFooter;
  beforeAll(async () => {
    await duckdb(SQL(file));
    bytes = new Uint8Array(readFileSync(file));
    footer = await readFooter(byteSourceFromBytes(bytes));
  }, 60_000);
  afterAll(() => temp.remove());

  const all = async (column: TimeColumn): Promise<EventTimeResult[]> => {
    const out: EventTimeResult[] = [];
    for (let g = 0; g < footer.metadata.row_groups.length; g++) out.push(...(await readTimeColumn(byteSourceFromBytes(bytes), footer, column, g)));
    return out;
  };
  const ok = (eventTimeMs: number): EventTimeResult => ({ ok: true, eventTimeMs });
  const fail = (reason: string): EventTimeResult => ({ ok: false, reason }) as EventTimeResult;

  it('is written in several row groups', () => {
    expect(footer.metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2048, 2048, 904]);
  });

  it('locates columns by name or dotted path, and knows what cannot hold a time', () => {
    expect(locateTimeColumn(footer, options('ts_tz'))).toMatchObject({ kind: 'column', interpretation: { kind: 'timestamp', unitsPerMs: 1000n, utc: true } });
    expect(locateTimeColumn(footer, options('ts_local'))).toMatchObject({ kind: 'column', interpretation: { kind: 'timestamp', utc: false } });
    expect(locateTimeColumn(footer, options('meta.ts'))).toMatchObject({ kind: 'column', leaf: { path: ['meta', 'ts'] } });
    expect(locateTimeColumn(footer, options('epoch_ms'))).toMatchObject({ kind: 'column', interpretation: { kind: 'integer' } });
    expect(locateTimeColumn(footer, options('iso'))).toMatchObject({ kind: 'column', interpretation: { kind: 'string' } });
    expect(locateTimeColumn(footer, options('day'))).toEqual({ kind: 'constant', reason: 'imprecise' });
    expect(locateTimeColumn(footer, options('tags'))).toEqual({ kind: 'constant', reason: 'wrong-type' });
    expect(locateTimeColumn(footer, options('meta'))).toEqual({ kind: 'constant', reason: 'wrong-type' });
    expect(locateTimeColumn(footer, options('flag'))).toEqual({ kind: 'constant', reason: 'wrong-type' });
    expect(locateTimeColumn(footer, options('nope'))).toEqual({ kind: 'constant', reason: 'missing-field' });
  });

  it('reads UTC-adjusted microseconds, floored to ms (also before 1970), and nulls', async () => {
    const results = await all(locateTimeColumn(footer, options('ts_tz')));
    expect(results).toEqual(Array.from({ length: ROWS }, (_, id) => (id % 97 === 3 ? fail('null-value') : ok(msOf(id)))));
    expect(results[ROWS - 1]).toEqual(ok(-1));
  });

  it('reads TIMESTAMP_MS and TIMESTAMP_NS', async () => {
    expect(await all(locateTimeColumn(footer, options('ts_ms')))).toEqual(Array.from({ length: ROWS }, (_, id) => ok(epochMsOf(id))));
    expect(await all(locateTimeColumn(footer, options('ts_ns')))).toEqual(Array.from({ length: ROWS }, (_, id) => ok(msOf(id))));
  });

  it('pins non-UTC-adjusted timestamps in --timestamp-tz, refusing DST overlaps and gaps', async () => {
    const results = await all(locateTimeColumn(footer, options('ts_local', { timestampZone: BERLIN })));
    results.forEach((result, id) => {
      if (id % 1000 === 1) expect(result, `row ${id}`).toEqual(fail('ambiguous-local-time'));
      else if (id % 1000 === 2) expect(result, `row ${id}`).toEqual(fail('nonexistent-local-time'));
      else if (id === ROWS - 1) expect(result).toEqual(ok(-1 - HOUR)); // 1969: CET, +01:00
      else expect(result, `row ${id}`).toEqual(ok(msOf(id) - 2 * HOUR)); // April 2020: CEST, +02:00
    });
    const utc = await all(locateTimeColumn(footer, options('ts_local')));
    expect(utc[0]).toEqual(ok(msOf(0)));
  });

  it('reads integer epochs and strings through --time-format', async () => {
    expect(await all(locateTimeColumn(footer, options('epoch_ms')))).toEqual(Array.from({ length: ROWS }, (_, id) => ok(epochMsOf(id))));
    const strings = await all(locateTimeColumn(footer, options('iso', { timestampZone: loadZone('+09:00') })));
    strings.forEach((result, id) => {
      const expected = id % 3 === 0 ? ok(msOf(id)) : id % 3 === 1 ? ok(msOf(id) - 9 * HOUR) : fail('unparseable');
      expect(result, `row ${id}`).toEqual(expected);
    });
    const patterned = await all(locateTimeColumn(footer, options('epoch_ms', { timeFormat: compileTimeFormat('epoch_s') })));
    expect(patterned[0]).toEqual(fail('out-of-range'));
  });

  it('tells a null struct (missing field) from a null leaf (null value)', async () => {
    const results = await all(locateTimeColumn(footer, options('meta.ts')));
    results.forEach((result, id) => {
      const expected = id % 50 === 7 ? fail('missing-field') : id % 50 === 8 ? fail('null-value') : ok(msOf(id));
      expect(result, `row ${id}`).toEqual(expected);
    });
  });

  it('fills constant failures without reading anything', async () => {
    const source = byteSourceFromBytes(bytes);
    const results = await readTimeColumn(source, footer, locateTimeColumn(footer, options('day')), 0);
    expect(results).toHaveLength(2048);
    expect(new Set(results)).toEqual(new Set([fail('imprecise')]));
    expect(source.reads).toBe(0);
  });

  it('reads only the time column chunk: one ranged read of exactly its bytes', async () => {
    const source = byteSourceFromBytes(bytes);
    const column = locateTimeColumn(footer, options('ts_tz'));
    await readTimeColumn(source, footer, column, 1);
    const chunk = footer.metadata.row_groups[1]!.columns[column.kind === 'column' ? column.leaf.index : -1]!.meta_data!;
    expect(source.reads).toBe(1);
    expect(source.bytesRead).toBe(Number(chunk.total_compressed_size));
    expect(source.bytesRead).toBeLessThan(bytes.length / 8);
  });

  describe('rowGroupTimeBounds', () => {
    const groupRange = (g: number): [number, number] => [g * 2048, Math.min(ROWS, (g + 1) * 2048)];
    const minMax = (g: number, of = msOf): { minMs: number; maxMs: number } => {
      const [from, to] = groupRange(g);
      const ms = Array.from({ length: to - from }, (_, i) => of(from + i));
      return { minMs: Math.min(...ms), maxMs: Math.max(...ms) };
    };

    it('promises bounds from statistics alone for timestamps and epoch integers without nulls', () => {
      for (const g of [0, 1, 2]) {
        expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_ns')), g), `ts_ns ${g}`).toEqual(minMax(g));
        expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_ms')), g), `ts_ms ${g}`).toEqual(minMax(g, epochMsOf));
      }
      for (const g of [0, 1]) expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('epoch_ms')), g), `epoch_ms ${g}`).toEqual(minMax(g, epochMsOf));
    });

    it('promises nothing where a row could fail or fall outside: nulls, strings, local times across DST, auto epochs across bands', () => {
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_tz')), 0)).toBeNull(); // has nulls
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('iso')), 0)).toBeNull();
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_local', { timestampZone: BERLIN })), 0)).toBeNull();
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('day')), 0)).toBeNull();
      // The last row group holds 0 next to 2020 values: `auto` reads 0 as seconds, the rest as ms.
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('epoch_ms')), 2)).toBeNull();
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('epoch_ms', { timeFormat: compileTimeFormat('epoch_ms') })), 2)).toEqual(minMax(2, epochMsOf));
    });

    it('pins the bounds of local timestamps in --timestamp-tz (DuckDB writes TIMESTAMP_MS as not UTC-adjusted)', () => {
      const { minMs, maxMs } = minMax(0, epochMsOf);
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_ms', { timestampZone: loadZone('+09:00') })), 0)).toEqual({ minMs: minMs - 9 * HOUR, maxMs: maxMs - 9 * HOUR });
      // Within one day and one offset (April, CEST) a DST zone is fine too.
      expect(rowGroupTimeBounds(footer, locateTimeColumn(footer, options('ts_ms', { timestampZone: BERLIN })), 0)).toEqual({ minMs: minMs - 2 * HOUR, maxMs: maxMs - 2 * HOUR });
    });
  });
});

describe('INT96 event times (pyarrow fixture)', () => {
  it('floors the exact nanoseconds to ms', async () => {
    const file = path.join(FIXTURES, 'pyarrow_int96.parquet');
    const bytes = new Uint8Array(readFileSync(file));
    const footer = await readFooter(byteSourceFromBytes(bytes));
    const leaf = footer.leaves.find((l) => l.element.type === 'INT96')!;
    const column = locateTimeColumn(footer, options(leaf.dotted));
    expect(column).toMatchObject({ kind: 'column', interpretation: { kind: 'int96' } });
    expect(rowGroupTimeBounds(footer, column, 0)).toBeNull(); // INT96 statistics order nothing
    const results: EventTimeResult[] = [];
    for (let g = 0; g < footer.metadata.row_groups.length; g++) results.push(...(await readTimeColumn(byteSourceFromBytes(bytes), footer, column, g)));
    const dump = await dumpParquet(file);
    const expected = dump.rows!.map((row) => {
      const nanos = row[leaf.path[0]!];
      if (nanos === null) return { ok: false, reason: 'null-value' };
      const n = BigInt(nanos as string);
      return { ok: true, eventTimeMs: Number(n / 1_000_000n - (n % 1_000_000n < 0n ? 1n : 0n)) };
    });
    expect(results).toEqual(expected);
  });
});
