/**
 * Writes a subset of a source file's rows as a new Parquet file with the source's schema (every
 * element exactly), its codec per column, its key/value metadata and its footer version, streaming
 * one output row group at a time (parquet-eval.md §6, guard rails 2–5).
 *
 * How exactness is kept:
 * - rows arrive as triplets with physical values (readRowGroup.ts), never as converted JS values;
 * - hyparquet-writer's column writer gets a physical stand-in element per leaf (no annotations, so
 *   it converts nothing): FLOAT as INT32 bits, DOUBLE as INT64 bits, INT96 as FIXED_LEN_BYTE_ARRAY(12)
 *   (its plain encoding is the same 12 bytes), a bare repeated leaf as OPTIONAL (levels are ours);
 * - the footer is ours (writeFooter.ts): the real types, the source schema, correct statistics.
 *
 * Memory: one output row group (at most `rowGroupRows` rows and about `rowGroupBytes` of values,
 * held about three times over while it is encoded) plus the encoded bytes of that row group.
 * Pages are DATA_PAGE_V2 (hyparquet-writer writes no other kind).
 */
import type { CompressionCodec, KeyValue, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { writeIndexes } from 'hyparquet-writer/src/indexes.js';
import { RepartitionError } from '../../errors.js';
import { TOOL_VERSION } from '../../version.js';
import { ColumnBuilder } from './columnBuilder.js';
import { compressorsFor, isWritableCodec } from './codecs.js';
import type { WritableCodec } from './codecs.js';
import { valueKindOf } from './leafValues.js';
import type { ParquetFooter } from './readFooter.js';
import { PARQUET_MAGIC } from './readFooter.js';
import type { RowGroupData } from './readRowGroup.js';
import { rewriteSupport } from './rewriteSupport.js';
import type { LeafColumn } from './schema.js';
import { chunkStatistics } from './statistics.js';
import type { ChunkStatistics } from './statistics.js';
import { writeFooter } from './writeFooter.js';
import type { WrittenChunk, WrittenRowGroup } from './writeFooter.js';

/** Default cap on rows per output row group: 131,072 (DuckDB writes 122,880; Spark ~1 M for 128 MiB). */
export const DEFAULT_ROW_GROUP_ROWS = 131_072;
/** Default cap on value bytes per output row group: 64 MiB (before encoding and compression). */
export const DEFAULT_ROW_GROUP_BYTES = 64 * 1024 * 1024;
/** Target uncompressed page size: 1 MiB (hyparquet-writer's default). */
export const PAGE_BYTES = 1024 * 1024;
/** hyparquet-writer's version, named in `created_by` so that readers can blame the right writer. */
const WRITER_LIBRARY = 'hyparquet-writer 0.17.0';

/** Rows of one decoded source row group, in the order they are to be written. */
export interface RowSelection {
  readonly group: RowGroupData;
  readonly rows: ArrayLike<number>;
}

export interface EncodeParquetOptions {
  /** The source file's footer: schema, codecs, key/value metadata and version come from it. */
  readonly source: ParquetFooter;
  /** The rows to write, possibly from several row groups, in output order. */
  readonly rows: AsyncIterable<RowSelection> | Iterable<RowSelection>;
  /** Most rows per output row group (default: the largest source row group, at most {@link DEFAULT_ROW_GROUP_ROWS}). */
  readonly rowGroupRows?: number;
  /** Most value bytes per output row group (default {@link DEFAULT_ROW_GROUP_BYTES}). */
  readonly rowGroupBytes?: number;
}

/** Summary of a finished encode, available after the stream ends. */
export interface EncodeSummary {
  rows: number;
  rowGroups: number;
  bytes: number;
}

/**
 * hyparquet-writer pins its own hyparquet (1.31.5), whose `SchemaElement` type lacks logical types
 * that 1.33.0 knows (`FILE`, refused by rewriteSupport). Elements only pass through it untouched.
 */
type WriterColumn = Parameters<typeof writeColumn>[0]['column'];
type WriterSchemaElement = WriterColumn['element'];

/** The physical element hyparquet-writer encodes a leaf's values as (see the file comment). */
function standInElement(leaf: LeafColumn): WriterSchemaElement {
  const e = leaf.element;
  const repetition_type = e.repetition_type === 'REPEATED' ? 'OPTIONAL' : e.repetition_type;
  switch (e.type) {
    case 'FLOAT':
      return { name: e.name, type: 'INT32', repetition_type };
    case 'DOUBLE':
      return { name: e.name, type: 'INT64', repetition_type };
    case 'INT96':
      return { name: e.name, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12, repetition_type };
    case 'FIXED_LEN_BYTE_ARRAY':
      return { name: e.name, type: e.type, type_length: e.type_length, repetition_type };
    default:
      return { name: e.name, type: e.type, repetition_type };
  }
}

/** The source's codec per leaf (rewriteSupport guarantees one writable codec per column). */
function codecsOf(source: ParquetFooter): WritableCodec[] {
  return source.leaves.map((leaf) => {
    const codec: CompressionCodec = source.metadata.row_groups[0]?.columns[leaf.index]?.meta_data?.codec ?? 'UNCOMPRESSED';
    if (!isWritableCodec(codec)) throw new RepartitionError('INTERNAL', `cannot write ${leaf.dotted} with ${codec}`);
    return codec;
  });
}

/**
 * Encodes the selected rows; yields the file's bytes, one chunk per row group and one for the
 * footer. `summary` (if given) is filled in when the stream ends. Throws INTERNAL for a source
 * that rewriteSupport refuses: callers check it first.
 */
export async function* encodeParquet(options: EncodeParquetOptions, summary?: EncodeSummary): AsyncGenerator<Uint8Array> {
  const { source } = options;
  const support = rewriteSupport(source);
  if (!support.ok) throw new RepartitionError('INTERNAL', `refusing to rewrite: ${support.reason}`, { context: { column: support.column } });
  const maxSourceRows = Math.max(1, ...source.metadata.row_groups.map((g) => Number(g.num_rows)));
  const rowGroupRows = options.rowGroupRows ?? Math.min(maxSourceRows, DEFAULT_ROW_GROUP_ROWS);
  const rowGroupBytes = options.rowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES;
  if (!(Number.isSafeInteger(rowGroupRows) && rowGroupRows >= 1)) throw new RepartitionError('INTERNAL', `rowGroupRows must be a positive integer, not ${rowGroupRows}`);

  const codecs = codecsOf(source);
  const compressors = await compressorsFor(codecs);
  const chunkKeyValues = source.leaves.map((leaf) => source.metadata.row_groups[0]?.columns[leaf.index]?.meta_data?.key_value_metadata);
  const writer = new ByteWriter(1 << 20);
  writer.appendUint32(PARQUET_MAGIC);
  const rowGroups: { rows: number; fileOffset: number; compressedBytes: number; chunks: { result: ReturnType<typeof writeColumn>; statistics: ChunkStatistics }[] }[] = [];
  const newBuilders = (): ColumnBuilder[] => source.leaves.map((leaf) => new ColumnBuilder(leaf, valueKindOf(leaf.element.type!)));
  let builders = newBuilders();
  let pendingRows = 0;
  let totalRows = 0;
  let totalBytes = 0;

  const take = (): Uint8Array => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    totalBytes += bytes.length;
    return bytes;
  };
  const flush = (): void => {
    const groupStart = writer.offset;
    const chunks = builders.map((builder, c) => {
      const leaf = source.leaves[c]!;
      const result = writeColumn({
        writer,
        column: {
          columnName: leaf.dotted,
          element: standInElement(leaf),
          schemaPath: leaf.schemaPath as readonly SchemaElement[] as WriterSchemaElement[],
          codec: codecs[c]!,
          compressors,
          stats: false, // ours are computed below, from the real types (statistics.ts)
          pageSize: PAGE_BYTES,
          columnIndex: false,
          offsetIndex: true,
        },
        pageData: builder.pageData(),
      });
      return { result, statistics: chunkStatistics(leaf.element, builder.values(), builder.nullCount()) };
    });
    rowGroups.push({ rows: pendingRows, fileOffset: groupStart, compressedBytes: writer.offset - groupStart, chunks });
    totalRows += pendingRows;
    pendingRows = 0;
    builders = newBuilders();
  };

  for await (const selection of options.rows) {
    const { group, rows } = selection;
    if (group.columns.length !== source.leaves.length) throw new RepartitionError('INTERNAL', 'a row group of another file was passed to encodeParquet');
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!(Number.isInteger(row) && row >= 0 && row < group.rows)) throw new RepartitionError('INTERNAL', `row ${row} is not in row group ${group.rowGroup} (${group.rows} rows)`);
      for (let c = 0; c < builders.length; c++) builders[c]!.addRow(group, c, row);
      pendingRows += 1;
      if (pendingRows >= rowGroupRows || builders.reduce((sum, b) => sum + b.valueBytes, 0) >= rowGroupBytes) {
        flush();
        yield take();
      }
    }
  }
  if (pendingRows > 0) flush();

  writeIndexes(writer, rowGroups.flatMap((g) => g.chunks.map((c) => c.result)));
  writeFooter(writer, {
    version: source.metadata.version,
    schema: source.metadata.schema,
    rowGroups: rowGroups.map((g): WrittenRowGroup => {
      const columns = g.chunks.map(({ result, statistics }, c) => writtenChunk(result, statistics, source.leaves[c]!, chunkKeyValues[c]));
      return {
        columns,
        numRows: BigInt(g.rows),
        totalByteSize: columns.reduce((sum, c) => sum + c.totalUncompressedSize, 0n),
        fileOffset: BigInt(g.fileOffset),
        totalCompressedSize: BigInt(g.compressedBytes),
      };
    }),
    ...(source.metadata.key_value_metadata === undefined ? {} : { keyValueMetadata: source.metadata.key_value_metadata }),
    createdBy: `late-repartitioner version ${TOOL_VERSION} (build ${WRITER_LIBRARY})`,
  });
  yield take();
  if (summary !== undefined) {
    summary.rows = totalRows;
    summary.rowGroups = rowGroups.length;
    summary.bytes = totalBytes;
  }
}

function writtenChunk(result: ReturnType<typeof writeColumn>, statistics: ChunkStatistics, leaf: LeafColumn, keyValueMetadata: readonly KeyValue[] | undefined): WrittenChunk {
  const { chunk } = result;
  const meta = chunk.meta_data;
  if (meta === undefined) throw new RepartitionError('INTERNAL', `the writer returned no metadata for ${leaf.dotted}`);
  return {
    fileOffset: chunk.file_offset,
    type: leaf.element.type!, // the real type, not the stand-in the pages were written through
    encodings: meta.encodings,
    path: leaf.path,
    codec: meta.codec,
    numValues: meta.num_values,
    totalUncompressedSize: meta.total_uncompressed_size,
    totalCompressedSize: meta.total_compressed_size,
    ...(keyValueMetadata === undefined ? {} : { keyValueMetadata }),
    dataPageOffset: meta.data_page_offset,
    ...(meta.dictionary_page_offset === undefined ? {} : { dictionaryPageOffset: meta.dictionary_page_offset }),
    statistics,
    encodingStats: [
      // What hyparquet-writer would list with its own statistics on: at most one dictionary page, then v2 data pages.
      ...(meta.dictionary_page_offset === undefined ? [] : [{ page_type: 'DICTIONARY_PAGE', encoding: 'PLAIN', count: 1 }]),
      { page_type: 'DATA_PAGE_V2', encoding: meta.encodings.at(-1)!, count: result.offsetIndex?.page_locations.length ?? 1 },
    ],
    ...(chunk.offset_index_offset === undefined ? {} : { offsetIndexOffset: chunk.offset_index_offset, offsetIndexLength: chunk.offset_index_length! }),
  };
}

/** Encodes into one buffer (tests, and outputs small enough to hold). */
export async function encodeParquetToBytes(options: EncodeParquetOptions): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of encodeParquet(options)) parts.push(part);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
