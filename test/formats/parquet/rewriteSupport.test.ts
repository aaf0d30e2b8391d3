/** What cannot be written back exactly is refused before anything is read, naming the column and why. */
import type { CompressionCodec, FileMetaData, LogicalType, SchemaElement } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { encodeParquet, rewriteSupport } from '../../../src/formats/parquet/index.js';
import type { ParquetFooter } from '../../../src/formats/parquet/index.js';
import { syntheticSource } from './synthetic.js';

const root: SchemaElement = { name: 'schema', num_children: 2 };
const base = (): ParquetFooter =>
  syntheticSource(
    [root, { name: 'ts', type: 'INT64', repetition_type: 'REQUIRED' }, { name: 'msg', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }],
    [{ values: { kind: 'int64', values: BigInt64Array.of(1n) } }, { defs: [0], values: { kind: 'bytes', values: [] } }],
  ).footer;

/** A copy of `footer` with its metadata changed by `change`. */
function altered(change: (metadata: FileMetaData) => void): ParquetFooter {
  const footer = base();
  const metadata = structuredClone(footer.metadata);
  change(metadata);
  return { ...footer, metadata, leaves: footer.leaves.map((l, i) => ({ ...l, element: metadata.schema[i + 1]! })) };
}
const chunk = (metadata: FileMetaData, column: number) => metadata.row_groups[0]!.columns[column]!;

describe('rewriteSupport', () => {
  it('accepts a plain file', () => {
    expect(rewriteSupport(base())).toEqual({ ok: true });
  });

  it.each<[CompressionCodec]>([['LZO'], ['LZ4']])('refuses the %s codec (we could not write it back)', (codec) => {
    const footer = altered((m) => (chunk(m, 1).meta_data!.codec = codec));
    expect(rewriteSupport(footer)).toEqual({ ok: false, column: 'msg', code: 'unsupported-codec', reason: `msg is compressed with ${codec}, which cannot be written back` });
  });

  it('refuses a column whose codec changes between row groups', () => {
    const footer = altered((m) => {
      const second = structuredClone(m.row_groups[0]!);
      second.columns[0]!.meta_data!.codec = 'GZIP';
      m.row_groups.push(second);
    });
    expect(rewriteSupport(footer)).toMatchObject({ ok: false, column: 'ts', code: 'mixed-codecs' });
  });

  it('refuses an unknown logical type rather than dropping it', () => {
    const footer = altered((m) => (m.schema[2]!.logical_type = { field_42: {} } as unknown as LogicalType));
    expect(rewriteSupport(footer)).toMatchObject({ ok: false, column: 'msg', code: 'unknown-logical-type' });
    const file = altered((m) => (m.schema[2]!.logical_type = { type: 'FILE' }));
    expect(rewriteSupport(file)).toMatchObject({ ok: false, column: 'msg', code: 'unknown-logical-type' });
  });

  it('refuses encrypted and external column chunks', () => {
    expect(rewriteSupport(altered((m) => delete chunk(m, 0).meta_data))).toMatchObject({ ok: false, column: 'ts', code: 'encrypted-column' });
    expect(rewriteSupport(altered((m) => (chunk(m, 0).file_path = 'other.parquet')))).toMatchObject({ ok: false, column: 'ts', code: 'external-column' });
  });

  it('refuses encodings it cannot decode bit-exactly', () => {
    const footer = altered((m) => (chunk(m, 0).meta_data!.encodings = ['PLAIN', 'ALP' as never]));
    expect(rewriteSupport(footer)).toMatchObject({ ok: false, column: 'ts', code: 'unsupported-encoding' });
  });

  it('refuses per-chunk key/value metadata that differs between row groups', () => {
    const footer = altered((m) => {
      chunk(m, 1).meta_data!.key_value_metadata = [{ key: 'a', value: '1' }];
      const second = structuredClone(m.row_groups[0]!);
      second.columns[1]!.meta_data!.key_value_metadata = [{ key: 'a', value: '2' }];
      m.row_groups.push(second);
    });
    expect(rewriteSupport(footer)).toMatchObject({ ok: false, column: 'msg', code: 'mixed-column-metadata' });
  });

  it('makes encodeParquet fail closed on a refused file', async () => {
    const footer = altered((m) => (chunk(m, 1).meta_data!.codec = 'LZO'));
    const run = async (): Promise<void> => {
      for await (const part of encodeParquet({ source: footer, rows: [] })) void part;
    };
    await expect(run()).rejects.toMatchObject({ code: 'INTERNAL', context: { column: 'msg' } });
  });
});
