/** `--format auto`: decide by magic bytes first, then by extension (PURE). */
import type { Compression } from '../formats/types.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** A `.parquet` name: scanned by ranged reads (footer first) without streaming the object. */
export function isParquetName(key: string): boolean {
  return /\.parquet$/i.test(key);
}

export function detectCompression(key: string, head: Uint8Array, format: 'auto' | 'jsonl' | 'parquet'): Compression | 'parquet' {
  if (format === 'parquet') return 'parquet';
  if (head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) return 'gzip';
  if (format === 'auto' && PARQUET_MAGIC.every((byte, i) => head[i] === byte)) return 'parquet';
  // A `.gz` name whose bytes are not gzip goes to the gzip decoder so that it is reported as
  // unreadable ("not gzip") instead of being scanned as text and possibly rewritten.
  if (/\.gz(ip)?$/i.test(key) && head.length > 0) return 'gzip';
  return 'none';
}
