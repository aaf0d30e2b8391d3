/**
 * Exactness cases that need chosen values: float bit patterns (NaN payloads, -0.0, ±inf,
 * subnormals), INT96 to the nanosecond, a bare repeated primitive, every codec, row groups merged
 * and split, and an empty output. Each source is built in memory (synthetic.ts), written, read back
 * by our reader (triplets and row digests) and by pyarrow (schema, codec, values).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CompressionCodec, SchemaElement } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochNanosToInt96, encodeParquetToBytes, int96ToEpochNanos, RowEncoder, WRITABLE_CODECS } from '../../../src/formats/parquet/index.js';
import type { RowGroupData } from '../../../src/formats/parquet/index.js';
import { DigestAccumulator, formatDigest } from '../../../src/plan/digest.js';
import { dumpParquetMany, isRejection, oraclePython } from '../../helpers/parquetOracle.js';
import type { OracleRejection, ParquetDump } from '../../helpers/parquetOracle.js';
import { decodeFile, tempDir } from './helpers.js';
import type { DecodedFile } from './helpers.js';
import { allRows, bytesValues, int32Bits, int64Bits, syntheticSource } from './synthetic.js';

const DOUBLE_BITS = [
  '7ff8000000000000', // quiet NaN
  '7ff0000000000001', // signalling NaN, payload 1
  'fff8000000000123', // negative quiet NaN with a payload
  '8000000000000000', // -0.0
  '0000000000000000', // +0.0
  '7ff0000000000000', // +inf
  'fff0000000000000', // -inf
  '0000000000000001', // smallest subnormal
  '800fffffffffffff', // largest negative subnormal
  '3ff0000000000001', // 1 + ulp
];
const FLOAT_BITS = ['7fc00000', '7f800001', 'ffc00123', '80000000', '00000000', '7f800000', 'ff800000', '00000001', '807fffff', '3f800001'];

/** INT96 instants: sub-µs nanoseconds, before 1970, far past and future (within pyarrow's int64 ns). */
const INT96_NANOS = [1_587_380_399_999_999_999n, 1_587_380_400_000_000_001n, -1n, -86_400_000_000_000n - 7n, 0n, -6_000_000_000_000_000_000n, 9_000_000_000_123_456_789n];

interface Case {
  readonly name: string;
  readonly schema: SchemaElement[];
  readonly file: DecodedFile;
  readonly source: RowGroupData;
  readonly digest: string;
  readonly outputPath: string;
}

function digestOf(groups: readonly RowGroupData[], rows?: readonly number[]): string {
  const acc = new DigestAccumulator();
  const encoder = new RowEncoder();
  for (const group of groups) for (const r of rows ?? allRows(group)) acc.add(encoder.encode(group, r));
  return formatDigest(acc.snapshot());
}

describe('exact rewrites of chosen values', () => {
  const temp = tempDir('pq-exact-');
  const cases = new Map<string, Case>();
  const dumps = new Map<string, ParquetDump | OracleRejection>();

  async function addCase(name: string, schema: SchemaElement[], columns: Parameters<typeof syntheticSource>[1], codec: CompressionCodec | readonly CompressionCodec[] = 'SNAPPY', rowGroupRows?: number): Promise<void> {
    const { footer, group } = syntheticSource(schema, columns, { codec, kv: [{ key: 'case', value: name }] });
    const bytes = await encodeParquetToBytes({ source: footer, rows: [{ group, rows: allRows(group) }], ...(rowGroupRows === undefined ? {} : { rowGroupRows }) });
    const outputPath = path.join(temp.dir, `${name}.parquet`);
    writeFileSync(outputPath, bytes);
    cases.set(name, { name, schema, file: await decodeFile(bytes), source: group, digest: digestOf([group]), outputPath });
  }

  beforeAll(async () => {
    const root = (n: number): SchemaElement => ({ name: 'schema', num_children: n });
    await addCase(
      'floats',
      [root(3), { name: 'd', type: 'DOUBLE', repetition_type: 'REQUIRED' }, { name: 'f', type: 'FLOAT', repetition_type: 'REQUIRED' }, { name: 'dn', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
      [{ values: int64Bits(DOUBLE_BITS) }, { values: int32Bits(FLOAT_BITS) }, { defs: [1, 0, 1, 0, 1, 1, 0, 1, 1, 1], values: int64Bits(DOUBLE_BITS.slice(0, 7)) }],
    );
    await addCase(
      'int96',
      [root(1), { name: 'ts', type: 'INT96', repetition_type: 'OPTIONAL' }],
      [{ defs: [1, 1, 0, 1, 1, 1, 1, 1], values: { kind: 'bytes', values: INT96_NANOS.map(epochNanosToInt96) } }],
      'GZIP',
    );
    // A parquet-mr/Hive legacy list: `repeated int32 codes` directly under the root.
    await addCase(
      'bare-repeated',
      [root(2), { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' }, { name: 'codes', type: 'INT32', repetition_type: 'REPEATED' }],
      [{ values: { kind: 'int64', values: BigInt64Array.of(1n, 2n, 3n, 4n) } }, { defs: [0, 1, 1, 1, 1, 1], reps: [0, 0, 0, 1, 1, 0], values: { kind: 'int32', values: Int32Array.of(7, 1, 2, 3, -9) } }],
    );
    for (const codec of WRITABLE_CODECS) {
      const text = Array.from({ length: 300 }, (_, i) => `GET /api/v1/items/${i % 17} 200 ${'x'.repeat(i % 40)}`);
      // `none` is all null: its pages hold no values, an empty input for the compressor.
      await addCase(`codec-${codec}`, [root(3), { name: 'line', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' }, { name: 'n', type: 'INT32', repetition_type: 'OPTIONAL' }, { name: 'none', type: 'DOUBLE', repetition_type: 'OPTIONAL' }], [
        { values: bytesValues(text) },
        { defs: text.map((_, i) => (i % 5 === 0 ? 0 : 1)), values: { kind: 'int32', values: Int32Array.from(text.filter((_, i) => i % 5 !== 0), (_, i) => i * 1_000_003) } },
        { defs: text.map(() => 0), values: { kind: 'int64', values: new BigInt64Array(0) } },
      ], codec);
    }
    // Several output row groups from one source row group, and per-column codecs that differ.
    await addCase(
      'split-groups',
      [root(2), { name: 'a', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false }, converted_type: 'UINT_64' }, { name: 'b', type: 'BOOLEAN', repetition_type: 'OPTIONAL' }],
      [{ values: { kind: 'int64', values: BigInt64Array.from({ length: 50 }, (_, i) => BigInt.asIntN(64, 2n ** 63n + BigInt(i) - 25n)) } }, { defs: Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? 0 : 1)), values: { kind: 'boolean', values: Uint8Array.from({ length: 42 }, (_, i) => i % 3 === 0 ? 1 : 0) } }],
      ['ZSTD', 'LZ4_RAW'],
      16,
    );
    const written = await dumpParquetMany([...cases.values()].map((c) => c.outputPath));
    [...cases.keys()].forEach((name, i) => dumps.set(name, written[i]!));
  }, 60_000);
  afterAll(() => temp.remove());

  const dumpOf = (name: string): ParquetDump => {
    const dump = dumps.get(name)!;
    if (isRejection(dump)) throw new Error(`pyarrow rejects ${name}: ${dump.error}`);
    return dump;
  };

  it('keeps every float bit pattern: NaN payloads, -0.0, ±inf, subnormals', () => {
    const { file } = cases.get('floats')!;
    const [d, f, dn] = file.groups[0]!.columns;
    expect(d!.values).toEqual(int64Bits(DOUBLE_BITS));
    expect(f!.values).toEqual(int32Bits(FLOAT_BITS));
    expect(dn!.values).toEqual(int64Bits(DOUBLE_BITS.slice(0, 7)));
    expect(Array.from(dn!.definitionLevels!)).toEqual([1, 0, 1, 0, 1, 1, 0, 1, 1, 1]);
    const rows = dumpOf('floats').rows!;
    expect(rows.map((r) => r.d)).toEqual(DOUBLE_BITS);
    expect(rows.map((r) => r.f)).toEqual(FLOAT_BITS);
  });

  it('writes INT96 as INT96, to the nanosecond', () => {
    const { file } = cases.get('int96')!;
    expect(file.footer.metadata.schema[1]).toEqual({ name: 'ts', type: 'INT96', repetition_type: 'OPTIONAL' });
    const values = file.groups[0]!.columns[0]!.values;
    expect(values.kind === 'bytes' && values.values.map((v) => int96ToEpochNanos(v))).toEqual(INT96_NANOS);
    const dump = dumpOf('int96');
    expect(dump.footerSchema[1]).toMatchObject({ type: 'INT96' });
    expect(dump.codecs).toEqual(['GZIP']);
    // pyarrow renders INT96 as integer nanoseconds.
    const expected = [...INT96_NANOS.slice(0, 2).map(String), null, ...INT96_NANOS.slice(2).map(String)];
    expect(dump.rows!.map((r) => r.ts)).toEqual(expected);
  });

  it('keeps a bare repeated primitive (a legacy list) as it is', () => {
    const { file } = cases.get('bare-repeated')!;
    expect(file.footer.metadata.schema[2]).toEqual({ name: 'codes', type: 'INT32', repetition_type: 'REPEATED' });
    const dump = dumpOf('bare-repeated');
    expect(dump.footerSchema[2]).toMatchObject({ name: 'codes', type: 'INT32', repetition_type: 'REPEATED' });
    expect(dump.rows!.map((r) => r.codes)).toEqual([[], ['7'], ['1', '2', '3'], ['-9']]);
  });

  it.each(WRITABLE_CODECS)('writes and keeps the %s codec', (codec) => {
    const dump = dumpOf(`codec-${codec}`);
    expect(dump.codecs).toEqual([codec]);
    expect(dump.rows!.length).toBe(300);
    // Row 299 is the 240th non-null n (rows 0, 5, …, 295 are null).
    expect(dump.rows![299]).toEqual({ line: `GET /api/v1/items/${299 % 17} 200 ${'x'.repeat(299 % 40)}`, n: String(239 * 1_000_003), none: null });
    expect(dump.rows![0]).toEqual({ line: 'GET /api/v1/items/0 200 ', n: null, none: null });
  });

  it('splits into row groups of at most rowGroupRows, keeps a codec per column, unsigned 64-bit values', () => {
    const { file } = cases.get('split-groups')!;
    expect(file.groups.map((g) => g.rows)).toEqual([16, 16, 16, 2]);
    const dump = dumpOf('split-groups');
    expect(dump.columnChunks.filter((c) => c.rowGroup === 0).map((c) => c.codec)).toEqual(['ZSTD', 'LZ4_RAW']);
    expect(dump.rows![0]!.a).toBe(String(2n ** 63n - 25n));
    expect(dump.rows![49]!.a).toBe(String(2n ** 63n + 24n));
  });

  it('reads back the same rows as were written (row digests), for every case', () => {
    for (const c of cases.values()) expect(digestOf(c.file.groups), c.name).toBe(c.digest);
  });

  it('writes statistics that bound the values, NaN and -0.0 included (pyarrow)', async () => {
    const files = [...cases.values()].map((c) => c.outputPath);
    const { stdout } = await promisify(execFile)(oraclePython(), [path.join(import.meta.dirname, 'statistics_check.py'), ...files]);
    const results = JSON.parse(stdout) as Record<string, { checked: number; problems: string[] }>;
    for (const file of files) expect(results[file]!.problems, file).toEqual([]);
    expect(results[cases.get('floats')!.outputPath]!.checked).toBe(3);
  });

  it('keeps the key/value metadata', () => {
    expect(dumpOf('floats').kv).toEqual({ case: 'floats' });
  });

  it('writes a valid empty file when no row is selected', async () => {
    const { footer, group } = syntheticSource([{ name: 'schema', num_children: 1 }, { name: 'x', type: 'INT32', repetition_type: 'OPTIONAL' }], [{ defs: [1, 0], values: { kind: 'int32', values: Int32Array.of(5) } }]);
    const bytes = await encodeParquetToBytes({ source: footer, rows: [{ group, rows: [] }] });
    const target = path.join(temp.dir, 'empty.parquet');
    writeFileSync(target, bytes);
    const [dump] = await dumpParquetMany([target]);
    if (dump === undefined || isRejection(dump)) throw new Error(`pyarrow rejects the empty file: ${dump?.error}`);
    expect(dump.numRows).toBe(0);
    expect(dump.footerSchema.map((e) => e.name)).toEqual(['schema', 'x']);
    expect((await decodeFile(bytes)).groups).toEqual([]);
  });
});
