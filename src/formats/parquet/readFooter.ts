/**
 * Reads and checks a Parquet footer: exactly the footer's bytes (two ranged reads: the 8-byte
 * tail, then the Thrift metadata), never a speculative tail prefetch. hyparquet's default would
 * fetch 512 KiB (the whole of a small object) to save one round trip; for an object we may only
 * need to prune, bytes are what we pay twice for (S3 transfer and decode).
 */
import { parquetMetadata } from 'hyparquet';
import type { FileMetaData, MetadataOptions, ParquetParsers } from 'hyparquet';
import type { ByteSource } from './byteSource.js';
import { leafColumns, SchemaShapeError } from './schema.js';
import type { LeafColumn } from './schema.js';
import { UnreadableParquetError } from './unreadableParquetError.js';

/** `PAR1` read as a little-endian uint32. */
export const PARQUET_MAGIC = 0x31524150;
/** Smallest possible file: magic, a (non-empty) footer, its length, magic. */
const MIN_FILE_BYTES = 4 + 1 + 4 + 4;

/**
 * Statistics exactly as stored: hyparquet's defaults turn timestamps into millisecond `Date`s and
 * byte arrays into strings. Timestamps stay `bigint` in their unit, dates day numbers, bytes bytes.
 */
export const RAW_STATISTICS_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint): bigint => millis,
  timestampFromMicroseconds: (micros: bigint): bigint => micros,
  timestampFromNanoseconds: (nanos: bigint): bigint => nanos,
  dateFromDays: (days: number): number => days,
  stringFromBytes: (bytes: Uint8Array): Uint8Array => bytes,
  uuidFromBytes: (bytes: Uint8Array): Uint8Array => bytes,
};

/** Parse options that keep the footer exact (`geoparquet: false`: never re-annotate the schema from `geo` metadata). */
const METADATA_OPTIONS: MetadataOptions = { parsers: RAW_STATISTICS_PARSERS, geoparquet: false };

/** A parsed, structurally checked footer. */
export interface ParquetFooter {
  readonly metadata: FileMetaData;
  readonly leaves: readonly LeafColumn[];
  /** Size of the object the footer was read from. */
  readonly fileBytes: number;
  /** Thrift metadata bytes + 8 (length and magic): what reading the footer cost. */
  readonly footerBytes: number;
}

/**
 * Reads the footer of `source`. Rejects with {@link UnreadableParquetError} (`not-parquet`,
 * `corrupt-footer`) when the bytes are not a consistent Parquet footer; errors of `source` pass through.
 */
export async function readFooter(source: ByteSource): Promise<ParquetFooter> {
  const size = source.byteLength;
  if (size < MIN_FILE_BYTES) throw new UnreadableParquetError('not-parquet', `${size} bytes is too short for a Parquet file`, { byteOffset: 0 });
  const tail = new DataView(await source.slice(size - 8, size));
  const magic = tail.getUint32(4, true);
  if (magic !== PARQUET_MAGIC) {
    const what = magic === 0x45524150 ? 'an encrypted footer (PARE)' : 'no PAR1 magic';
    throw new UnreadableParquetError('not-parquet', `the object ends with ${what}`, { byteOffset: size - 4 });
  }
  const metadataLength = tail.getUint32(0, true);
  const metadataStart = size - 8 - metadataLength;
  if (metadataLength === 0 || metadataStart < 4) {
    throw new UnreadableParquetError('corrupt-footer', `the footer claims ${metadataLength} bytes in a ${size}-byte object`, { byteOffset: size - 8 });
  }
  const buffer = new Uint8Array(metadataLength + 8);
  buffer.set(new Uint8Array(await source.slice(metadataStart, size - 8)), 0);
  buffer.set(new Uint8Array(tail.buffer, tail.byteOffset, 8), metadataLength);
  let metadata: FileMetaData;
  let leaves: LeafColumn[];
  try {
    metadata = parquetMetadata(buffer, METADATA_OPTIONS);
    leaves = leafColumns(metadata.schema);
  } catch (error) {
    const detail = error instanceof SchemaShapeError ? error.message : `its Thrift encoding does not parse (${describe(error)})`;
    throw new UnreadableParquetError('corrupt-footer', `the footer is corrupt: ${detail}`, { byteOffset: metadataStart }, error);
  }
  checkLayout(metadata, leaves, metadataStart);
  return { metadata, leaves, fileBytes: size, footerBytes: metadataLength + 8 };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every promise the footer makes about where data lies must hold before any chunk is read. */
function checkLayout(metadata: FileMetaData, leaves: readonly LeafColumn[], dataEnd: number): void {
  const corrupt = (message: string, rowGroup?: number, column?: string): never => {
    throw new UnreadableParquetError('corrupt-footer', `the footer is corrupt: ${message}`, {
      ...(rowGroup === undefined ? {} : { rowGroup }),
      ...(column === undefined ? {} : { column }),
    });
  };
  let rows = 0n;
  metadata.row_groups.forEach((rowGroup, g) => {
    if (!(rowGroup.num_rows >= 0n)) corrupt(`row group ${g} has ${rowGroup.num_rows} rows`, g);
    rows += rowGroup.num_rows;
    if (rowGroup.columns.length !== leaves.length) corrupt(`row group ${g} has ${rowGroup.columns.length} column chunks for ${leaves.length} columns`, g);
    rowGroup.columns.forEach((chunk, c) => {
      const leaf = leaves[c]!;
      const meta = chunk.meta_data;
      if (meta === undefined) return; // encrypted or external: refused by rewriteSupport, never read
      if (meta.path_in_schema.join('\u0000') !== leaf.path.join('\u0000')) corrupt(`chunk ${c} of row group ${g} is for ${meta.path_in_schema.join('.')}, not ${leaf.dotted}`, g, leaf.dotted);
      if (meta.type !== leaf.element.type) corrupt(`chunk type ${meta.type} differs from the schema's ${leaf.element.type}`, g, leaf.dotted);
      const { start, end } = columnChunkRange(meta);
      if (!(start >= 4 && end <= dataEnd && start < end)) corrupt(`the chunk's bytes [${start}, ${end}) are outside the data area [4, ${dataEnd})`, g, leaf.dotted);
    });
  });
  if (rows !== metadata.num_rows) corrupt(`row groups hold ${rows} rows, the file claims ${metadata.num_rows}`);
}

/** Where a column chunk's pages lie (a zero dictionary offset means none, as several writers write it). */
export function columnChunkRange(meta: { readonly data_page_offset: bigint; readonly dictionary_page_offset?: bigint; readonly total_compressed_size: bigint }): { start: number; end: number } {
  const first = meta.dictionary_page_offset !== undefined && meta.dictionary_page_offset > 0n && meta.dictionary_page_offset < meta.data_page_offset ? meta.dictionary_page_offset : meta.data_page_offset;
  const start = Number(first);
  return { start, end: start + Number(meta.total_compressed_size) };
}
