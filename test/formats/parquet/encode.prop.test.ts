/**
 * Properties of the encoder on random data: any subset of rows, in any output row-group size and
 * with any codec, reads back as exactly those rows in that order (row bytes compared one by one),
 * under the source schema. And the LZ4_RAW block compressor round-trips through hyparquet's decoder.
 */
import fc from 'fast-check';
import { decompressLz4Raw } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { encodeParquetToBytes, RowEncoder, WRITABLE_CODECS } from '../../../src/formats/parquet/index.js';
import type { RowGroupData } from '../../../src/formats/parquet/index.js';
import { lz4CompressBlock } from '../../../src/formats/parquet/lz4Block.js';
import { decodeFile } from './helpers.js';
import { syntheticSource } from './synthetic.js';

const SCHEMA = [
  { name: 'schema', num_children: 8 },
  { name: 'i32', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'i64', type: 'INT64', repetition_type: 'OPTIONAL' },
  { name: 'd', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  { name: 'f', type: 'FLOAT', repetition_type: 'OPTIONAL' },
  { name: 'b', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  { name: 's', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'fixed', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 5, repetition_type: 'REQUIRED' },
  { name: 'codes', type: 'INT64', repetition_type: 'REPEATED' },
] as const;

const row = fc.record({
  i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  i64: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  d: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), // any bit pattern
  f: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  b: fc.option(fc.boolean()),
  s: fc.option(fc.uint8Array({ maxLength: 12 })),
  fixed: fc.uint8Array({ minLength: 5, maxLength: 5 }),
  codes: fc.array(fc.bigInt({ min: -5n, max: 5n }), { maxLength: 4 }),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function sourceOf(rows: readonly Row[], codec: (typeof WRITABLE_CODECS)[number]) {
  const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null);
  const defs = (values: readonly unknown[]): number[] => values.map((v) => (v === null ? 0 : 1));
  const col = <K extends keyof Row>(k: K): Row[K][] => rows.map((r) => r[k]);
  const codeReps = rows.flatMap((r) => (r.codes.length === 0 ? [0] : r.codes.map((_, i) => (i === 0 ? 0 : 1))));
  const codeDefs = rows.flatMap((r) => (r.codes.length === 0 ? [0] : r.codes.map(() => 1)));
  return syntheticSource(
    SCHEMA.map((e) => ({ ...e })),
    [
      { values: { kind: 'int32', values: Int32Array.from(col('i32')) } },
      { defs: defs(col('i64')), values: { kind: 'int64', values: BigInt64Array.from(present(col('i64'))) } },
      { values: { kind: 'int64', values: BigInt64Array.from(col('d')) } },
      { defs: defs(col('f')), values: { kind: 'int32', values: Int32Array.from(present(col('f'))) } },
      { defs: defs(col('b')), values: { kind: 'boolean', values: Uint8Array.from(present(col('b')), (b) => (b ? 1 : 0)) } },
      { defs: defs(col('s')), values: { kind: 'bytes', values: present(col('s')) } },
      { values: { kind: 'bytes', values: col('fixed') } },
      { defs: codeDefs, reps: codeReps, values: { kind: 'int64', values: BigInt64Array.from(rows.flatMap((r) => r.codes)) } },
    ],
    { codec },
  );
}

const rowsOf = (groups: readonly RowGroupData[], pick?: readonly number[]): string[] => {
  const encoder = new RowEncoder();
  return groups.flatMap((g) => (pick ?? Array.from({ length: g.rows }, (_, i) => i)).map((r) => Buffer.from(encoder.encode(g, r)).toString('hex')));
};

describe('encodeParquet on random rows', () => {
  it('writes exactly the selected rows, in order, whatever the codec and row-group size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 120 }),
        fc.constantFrom(...WRITABLE_CODECS),
        fc.integer({ min: 1, max: 50 }),
        fc.infiniteStream(fc.boolean()),
        async (rows, codec, rowGroupRows, coin) => {
          if (rows.length === 0) return;
          const { footer, group } = sourceOf(rows, codec);
          const pick = Array.from({ length: rows.length }, (_, i) => i).filter(() => coin.next().value);
          const bytes = await encodeParquetToBytes({ source: footer, rows: [{ group, rows: pick }], rowGroupRows });
          const back = await decodeFile(bytes);
          expect(back.footer.metadata.schema).toEqual(SCHEMA.map((e) => ({ ...e })));
          expect(back.groups.every((g) => g.rows <= rowGroupRows)).toBe(true);
          expect(rowsOf(back.groups)).toEqual(rowsOf([group], pick));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('lz4CompressBlock', () => {
  const roundTrip = (input: Uint8Array): void => {
    const compressed = lz4CompressBlock(input);
    expect(decompressLz4Raw(compressed, input.length)).toEqual(input);
  };
  // (An empty input compresses to the single token LZ4 itself writes, 0x00, which hyparquet-compressors
  // cannot decode; hyparquet never decompresses an empty page, and pyarrow reads it: exactness.test.ts.)
  it('round-trips random and repetitive inputs through hyparquet-compressors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 3000 }),
          fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 400 })).map(([unit, n]) => Uint8Array.from({ length: unit.length * n }, (_, i) => unit[i % unit.length]!)),
        ),
        (input) => roundTrip(input),
      ),
      { numRuns: 300 },
    );
  });
  it('compresses repetitive pages and handles the block-end rules', () => {
    const page = new TextEncoder().encode('2020-04-20T10:00:00Z INFO ok\n'.repeat(2000));
    expect(lz4CompressBlock(page).length).toBeLessThan(page.length / 20);
    expect(lz4CompressBlock(new Uint8Array(0))).toEqual(Uint8Array.of(0));
    for (let n = 1; n < 40; n++) roundTrip(new Uint8Array(n).fill(7));
  });
});
