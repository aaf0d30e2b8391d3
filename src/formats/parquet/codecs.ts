/**
 * Compression codecs: decompressors for reading (hyparquet-compressors, with Node's zlib for GZIP
 * and BROTLI, which is faster and native) and compressors for writing, one per codec a rewrite
 * keeps. A codec we cannot write is refused by rewriteSupport, never replaced by another.
 */
import zlib from 'node:zlib';
import type { CompressionCodec, Compressors } from 'hyparquet';
import { compressors as hyparquetDecompressors } from 'hyparquet-compressors';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { lz4CompressBlock } from './lz4Block.js';

/** Codecs a rewrite can write (and so keep). LZO and the Hadoop-framed `LZ4` are not among them. */
export const WRITABLE_CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4_RAW'] as const;
export type WritableCodec = (typeof WRITABLE_CODECS)[number];

export function isWritableCodec(codec: CompressionCodec): codec is WritableCodec {
  return (WRITABLE_CODECS as readonly string[]).includes(codec);
}

/** gzip level of written pages (zlib's default trade-off). */
export const GZIP_LEVEL = 6;
/** Brotli quality of written pages: 5 of 11 (11, zlib's default, is ~30× slower for ~10 % less). */
export const BROTLI_QUALITY = 5;
/** zstd level of written pages (zstd's default). */
export const ZSTD_LEVEL = 3;

function exactLength(page: Uint8Array, outputLength: number, codec: string): Uint8Array {
  if (page.length !== outputLength) throw new Error(`${codec} page inflated to ${page.length} bytes, its header says ${outputLength}`);
  return page;
}

/** Page decompressors handed to hyparquet's page decoders. */
export const DECOMPRESSORS: Compressors = {
  ...hyparquetDecompressors,
  // unzip, like Arrow's reader, also accepts zlib-wrapped pages that some writers label GZIP.
  GZIP: (input, outputLength) => exactLength(zlib.unzipSync(input), outputLength, 'GZIP'),
  BROTLI: (input, outputLength) => exactLength(zlib.brotliDecompressSync(input), outputLength, 'BROTLI'),
};

export type PageCompressor = (input: Uint8Array) => Uint8Array;

let zstdCompress: Promise<PageCompressor> | undefined;

/** Loads the zstd wasm module once, on first use (only files with ZSTD columns pay for it). */
function loadZstd(): Promise<PageCompressor> {
  zstdCompress ??= import('@bokuweb/zstd-wasm').then(async (zstd) => {
    await zstd.init();
    return (input: Uint8Array): Uint8Array => zstd.compress(input, ZSTD_LEVEL);
  });
  return zstdCompress;
}

/** The compressor for each codec in `codecs` (none for UNCOMPRESSED). */
export async function compressorsFor(codecs: Iterable<WritableCodec>): Promise<Partial<Record<WritableCodec, PageCompressor>>> {
  const out: Partial<Record<WritableCodec, PageCompressor>> = {};
  for (const codec of new Set(codecs)) {
    switch (codec) {
      case 'UNCOMPRESSED':
        break;
      case 'SNAPPY':
        out.SNAPPY = snappyCompress;
        break;
      case 'GZIP':
        out.GZIP = (input) => zlib.gzipSync(input, { level: GZIP_LEVEL });
        break;
      case 'BROTLI':
        out.BROTLI = (input) => zlib.brotliCompressSync(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } });
        break;
      case 'ZSTD':
        out.ZSTD = await loadZstd();
        break;
      case 'LZ4_RAW':
        out.LZ4_RAW = lz4CompressBlock;
        break;
    }
  }
  return out;
}
