/**
 * Pre-flight: can this file be rewritten exactly (same schema, same values, same codec per
 * column)? Decided from the footer alone, before anything is read or written. What cannot be
 * written back exactly is refused here and the object is reported and left in place: never a
 * lossy rewrite. (Pages are checked again while they are decoded: see readColumnChunk.ts.)
 */
import type { LogicalType } from 'hyparquet';
import { isWritableCodec } from './codecs.js';
import type { ParquetFooter } from './readFooter.js';

/** Why a file is refused. Stable strings: they appear in the report. */
export const REFUSAL_CODES = [
  'encrypted-column', // a column chunk has no plaintext metadata (Parquet modular encryption)
  'external-column', // a column chunk lives in another file (`file_path`)
  'unsupported-codec', // LZO, Hadoop-framed LZ4 or an unknown codec: we could not write it back
  'mixed-codecs', // a column uses different codecs in different row groups
  'unknown-logical-type', // a logical type this version cannot name, so could not write back
  'unsupported-encoding', // a page encoding this reader cannot decode bit-exactly
  'mixed-column-metadata', // per-chunk key/value metadata that differs between row groups
  'too-deeply-nested', // more than 255 definition or repetition levels
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type RewriteSupport =
  | { readonly ok: true }
  /** `column` is the dotted leaf path, or `''` for the file as a whole. */
  | { readonly ok: false; readonly column: string; readonly code: RefusalCode; readonly reason: string };

/** Logical types the footer writer knows field by field (writeFooter.ts). `FILE` is not one. */
const KNOWN_LOGICAL_TYPES: ReadonlySet<string> = new Set([
  'STRING', 'MAP', 'LIST', 'ENUM', 'DECIMAL', 'DATE', 'TIME', 'TIMESTAMP', 'INTEGER', 'NULL', 'JSON', 'BSON', 'UUID', 'FLOAT16', 'VARIANT', 'GEOMETRY', 'GEOGRAPHY',
]);

/** Encodings whose decoders return exact values (floats as typed arrays, hence exact bits). */
const DECODABLE_ENCODINGS: ReadonlySet<string> = new Set([
  'PLAIN', 'PLAIN_DICTIONARY', 'RLE', 'RLE_DICTIONARY', 'BIT_PACKED', 'DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY', 'BYTE_STREAM_SPLIT',
]);

const MAX_LEVEL = 255;

function knownLogicalType(type: LogicalType | undefined): boolean {
  return type === undefined || (typeof type.type === 'string' && KNOWN_LOGICAL_TYPES.has(type.type));
}

export function rewriteSupport(footer: ParquetFooter): RewriteSupport {
  const refuse = (column: string, code: RefusalCode, reason: string): RewriteSupport => ({ ok: false, column, code, reason });
  const { metadata, leaves } = footer;
  for (const element of metadata.schema) {
    if (!knownLogicalType(element.logical_type)) {
      return refuse(element.name, 'unknown-logical-type', `the logical type of ${element.name} (${JSON.stringify(element.logical_type)}) cannot be written back`);
    }
  }
  for (const leaf of leaves) {
    if (leaf.maxDefinitionLevel > MAX_LEVEL || leaf.maxRepetitionLevel > MAX_LEVEL) {
      return refuse(leaf.dotted, 'too-deeply-nested', `${leaf.dotted} is nested ${Math.max(leaf.maxDefinitionLevel, leaf.maxRepetitionLevel)} levels deep (at most ${MAX_LEVEL} are supported)`);
    }
    let codec: string | undefined;
    let chunkMetadata: string | undefined;
    for (const [g, group] of metadata.row_groups.entries()) {
      const chunk = group.columns[leaf.index]!;
      if (chunk.file_path !== undefined) return refuse(leaf.dotted, 'external-column', `row group ${g} keeps ${leaf.dotted} in another file (${chunk.file_path})`);
      const meta = chunk.meta_data;
      if (meta === undefined || chunk.crypto_metadata !== undefined || chunk.encrypted_column_metadata !== undefined) {
        return refuse(leaf.dotted, 'encrypted-column', `${leaf.dotted} is encrypted`);
      }
      if (!isWritableCodec(meta.codec)) return refuse(leaf.dotted, 'unsupported-codec', `${leaf.dotted} is compressed with ${meta.codec ?? 'an unknown codec'}, which cannot be written back`);
      if (codec !== undefined && codec !== meta.codec) return refuse(leaf.dotted, 'mixed-codecs', `${leaf.dotted} uses ${codec} and ${meta.codec} in different row groups`);
      codec = meta.codec;
      for (const encoding of meta.encodings) {
        if (!DECODABLE_ENCODINGS.has(encoding)) return refuse(leaf.dotted, 'unsupported-encoding', `${leaf.dotted} uses the ${encoding ?? 'unknown'} encoding, which cannot be decoded exactly`);
      }
      const kv = JSON.stringify(meta.key_value_metadata ?? []);
      if (chunkMetadata !== undefined && chunkMetadata !== kv) return refuse(leaf.dotted, 'mixed-column-metadata', `${leaf.dotted} carries different key/value metadata in different row groups`);
      chunkMetadata = kv;
    }
  }
  return { ok: true };
}
