/**
 * LZ4 block compression (the `LZ4_RAW` Parquet codec: one raw LZ4 block per page, no frame).
 * Greedy single-probe matcher: fast and small rather than maximal; any LZ4 decoder reads it.
 * Block rules kept: the last 5 bytes are literals and no match starts within the last 12 bytes.
 */

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65_535;
const HASH_BITS = 16;

/** Largest output for `n` input bytes (LZ4's LZ4_compressBound). */
export function lz4CompressBound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

export function lz4CompressBlock(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(lz4CompressBound(n));
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let op = 0;
  let anchor = 0;
  let ip = 0;

  const read32 = (at: number): number => (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) | 0;
  const hash = (seq: number): number => Math.imul(seq, 0x9e3779b1) >>> (32 - HASH_BITS);
  const writeLength = (rest: number): void => {
    while (rest >= 255) {
      out[op++] = 255;
      rest -= 255;
    }
    out[op++] = rest;
  };
  const emit = (literalEnd: number, matchLength: number, offset: number): void => {
    const literals = literalEnd - anchor;
    const tokenAt = op++;
    let token = (literals >= 15 ? 15 : literals) << 4;
    if (literals >= 15) writeLength(literals - 15);
    out.set(src.subarray(anchor, literalEnd), op);
    op += literals;
    if (matchLength > 0) {
      out[op++] = offset & 0xff;
      out[op++] = offset >>> 8;
      const extra = matchLength - MIN_MATCH;
      token |= extra >= 15 ? 15 : extra;
      if (extra >= 15) writeLength(extra - 15);
    }
    out[tokenAt] = token;
  };

  const lastMatchStart = n - MF_LIMIT; // a match must start before this
  const matchEndLimit = n - LAST_LITERALS;
  while (ip < lastMatchStart) {
    const seq = read32(ip);
    const h = hash(seq);
    const ref = table[h]!;
    table[h] = ip;
    if (ref >= 0 && ip - ref <= MAX_OFFSET && read32(ref) === seq) {
      let length = MIN_MATCH;
      while (ip + length < matchEndLimit && src[ref + length] === src[ip + length]) length += 1;
      emit(ip, length, ip - ref);
      ip += length;
      anchor = ip;
    } else {
      ip += 1;
    }
  }
  emit(n, 0, 0);
  return out.slice(0, op);
}
