/**
 * Streaming UTF-8 validation of the decompressed bytes. Whole chunks go to the native `isUtf8`; a
 * character cut by a chunk boundary is held back (at most 3 bytes) and checked with the next chunk.
 * The exact offset of a bad byte is located in JS only once validation has failed.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export class Utf8Validator {
  private readonly tail = Buffer.alloc(4);
  private tailLength = 0;
  private tailOffset = 0;

  /** Validates `chunk`, whose first byte is at stream offset `offset`. Returns −1 or the offset of the first bad byte. */
  check(chunk: Uint8Array, offset: number): number {
    let start = 0;
    if (this.tailLength > 0) {
      const want = sequenceLength(this.tail[0]!);
      const take = Math.min(want - this.tailLength, chunk.length);
      this.tail.set(chunk.subarray(0, take), this.tailLength);
      this.tailLength += take;
      if (this.tailLength < want) {
        // Still short: fine so far only if everything taken continues the sequence.
        return chunk.subarray(0, take).every((b) => (b & 0xc0) === 0x80) ? -1 : this.tailOffset;
      }
      if (!isUtf8(this.tail.subarray(0, this.tailLength))) return this.tailOffset;
      this.tailLength = 0;
      start = take;
    }
    const cut = incompleteSuffixStart(chunk, start);
    if (!isUtf8(chunk.subarray(start, cut))) return offset + findInvalidUtf8(chunk, start, cut);
    if (cut < chunk.length) {
      this.tail.set(chunk.subarray(cut), 0);
      this.tailLength = chunk.length - cut;
      this.tailOffset = offset + cut;
    }
    return -1;
  }

  /** At the end of the stream: −1, or the offset of a character cut off by the end. */
  finish(): number {
    return this.tailLength > 0 ? this.tailOffset : -1;
  }
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Where a multi-byte character that the chunk's end cuts off begins (`chunk.length` if none). */
function incompleteSuffixStart(chunk: Uint8Array, start: number): number {
  const n = chunk.length;
  for (let back = 1; back <= 3 && n - back >= start; back++) {
    const b = chunk[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    return b >= 0xc0 && sequenceLength(b) > back ? n - back : n;
  }
  return n;
}

/** Index of the first byte of the first ill-formed sequence in `bytes[start, end)` (RFC 3629 table 3-7), or `end`. */
export function findInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > end) return i;
    const second = bytes[i + 1]!;
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return end;
}
