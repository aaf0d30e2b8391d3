/**
 * Pieces of the gzip member format (RFC 1952) that the strict gunzip checks itself: the header
 * (to know where each member starts) and the CRC-32 of the content (the trailer is checked here
 * because members are inflated raw, which is what lets us see where each one ends).
 */
import zlib from 'node:zlib';

export const GZIP_TRAILER_BYTES = 8;
/** A header longer than this (huge FNAME/FCOMMENT/FEXTRA) is treated as corrupt. */
export const MAX_GZIP_HEADER_BYTES = 1024 * 1024;

export const HEADER_INCOMPLETE = -1;
export const HEADER_NOT_GZIP = -2; // the magic bytes 1f 8b are wrong
export const HEADER_CORRUPT = -3; // unknown method, reserved flags, or a bad header CRC

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

/** Length of the member header at the start of `bytes`, or one of the HEADER_ codes. */
export function parseGzipHeader(bytes: Uint8Array): number {
  const n = bytes.length;
  if ((n >= 1 && bytes[0] !== 0x1f) || (n >= 2 && bytes[1] !== 0x8b)) return HEADER_NOT_GZIP;
  if (n < 10) return HEADER_INCOMPLETE;
  const flags = bytes[3]!;
  if (bytes[2] !== 8 || (flags & RESERVED) !== 0) return HEADER_CORRUPT;
  let i = 10;
  if (flags & FEXTRA) {
    if (n < i + 2) return HEADER_INCOMPLETE;
    i += 2 + (bytes[i]! | (bytes[i + 1]! << 8));
    if (n < i) return HEADER_INCOMPLETE;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0) continue;
    const zero = bytes.indexOf(0, i);
    if (zero < 0) return HEADER_INCOMPLETE;
    i = zero + 1;
  }
  if (flags & FHCRC) {
    if (n < i + 2) return HEADER_INCOMPLETE;
    if ((crc32(bytes.subarray(0, i), 0) & 0xffff) !== (bytes[i]! | (bytes[i + 1]! << 8))) return HEADER_CORRUPT;
    i += 2;
  }
  return i;
}

/** Native `zlib.crc32` (Node ≥ 20.15); a table-driven fallback keeps Node 20.12–20.14 correct, if slower. */
export const crc32: (data: Uint8Array, value: number) => number =
  typeof zlib.crc32 === 'function' ? (data, value) => zlib.crc32(data, value) : crc32Fallback;

let table: Uint32Array | undefined;
function crc32Fallback(data: Uint8Array, value: number): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
