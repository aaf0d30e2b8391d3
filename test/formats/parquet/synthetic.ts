/**
 * Sources built in memory, triplet by triplet, for cases no writer at hand produces on demand:
 * chosen float bit patterns, INT96 nanoseconds, bare repeated primitives, every codec. The encoder
 * only needs a footer (schema, codec per column) and decoded row groups, so both are made here.
 */
import type { CompressionCodec, FileMetaData, KeyValue, SchemaElement } from 'hyparquet';
import { RowGroupData } from '../../../src/formats/parquet/index.js';
import type { LeafChunk, LeafValues, ParquetFooter } from '../../../src/formats/parquet/index.js';
import { leafColumns } from '../../../src/formats/parquet/schema.js';

export interface SyntheticColumn {
  /** Per slot; omit for a leaf with max definition level 0. */
  readonly defs?: readonly number[];
  /** Per slot; omit for a leaf that is not repeated. */
  readonly reps?: readonly number[];
  readonly values: LeafValues;
}

export function syntheticSource(
  schema: SchemaElement[],
  columns: readonly SyntheticColumn[],
  options: { codec?: CompressionCodec | readonly CompressionCodec[]; kv?: KeyValue[]; version?: number } = {},
): { footer: ParquetFooter; group: RowGroupData } {
  const leaves = leafColumns(schema);
  if (leaves.length !== columns.length) throw new Error(`${columns.length} columns for ${leaves.length} leaves`);
  const chunks: LeafChunk[] = leaves.map((leaf, i) => {
    const column = columns[i]!;
    const slots = column.defs?.length ?? column.reps?.length ?? column.values.values.length;
    const rows = column.reps === undefined ? slots : column.reps.filter((r) => r === 0).length;
    return {
      leaf,
      rows,
      slots,
      definitionLevels: leaf.maxDefinitionLevel > 0 ? Uint8Array.from(column.defs ?? new Array<number>(slots).fill(leaf.maxDefinitionLevel)) : null,
      repetitionLevels: leaf.maxRepetitionLevel > 0 ? Uint8Array.from(column.reps!) : null,
      values: column.values,
    };
  });
  const rows = chunks[0]?.rows ?? 0;
  for (const chunk of chunks) if (chunk.rows !== rows) throw new Error(`${chunk.leaf.dotted} has ${chunk.rows} rows, not ${rows}`);
  const codecOf = (i: number): CompressionCodec => (Array.isArray(options.codec) ? options.codec[i] : (options.codec as CompressionCodec | undefined)) ?? 'SNAPPY';
  const metadata: FileMetaData = {
    version: options.version ?? 2,
    schema,
    num_rows: BigInt(rows),
    row_groups: [
      {
        columns: leaves.map((leaf, i) => ({
          file_offset: 4n,
          meta_data: {
            type: leaf.element.type!,
            encodings: ['PLAIN', 'RLE'],
            path_in_schema: [...leaf.path],
            codec: codecOf(i),
            num_values: BigInt(chunks[i]!.slots),
            total_uncompressed_size: 0n,
            total_compressed_size: 0n,
            data_page_offset: 4n,
          },
        })),
        total_byte_size: 0n,
        num_rows: BigInt(rows),
      },
    ],
    ...(options.kv === undefined ? {} : { key_value_metadata: options.kv }),
    created_by: 'synthetic',
    metadata_length: 0,
  };
  return { footer: { metadata, leaves, fileBytes: 0, footerBytes: 0 }, group: new RowGroupData(0, rows, chunks) };
}

/** All row indices of a group. */
export function allRows(group: RowGroupData): number[] {
  return Array.from({ length: group.rows }, (_, i) => i);
}

export const int64Bits = (hex: readonly string[]): LeafValues => ({ kind: 'int64', values: BigInt64Array.from(hex, (h) => BigInt.asIntN(64, BigInt(`0x${h}`))) });
export const int32Bits = (hex: readonly string[]): LeafValues => ({ kind: 'int32', values: Int32Array.from(hex, (h) => Number.parseInt(h, 16) | 0) });
export const bytesValues = (values: readonly (string | Uint8Array)[]): LeafValues => ({
  kind: 'bytes',
  values: values.map((v) => (typeof v === 'string' ? new TextEncoder().encode(v) : v)),
});
