/**
 * Decodes the inside of a JSON string (between the quotes) that the scanner has already validated,
 * so escapes are known to be well formed. Used only for keys with escapes and for time values.
 */
import { Buffer } from 'node:buffer';

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/** `bytes[start, end)` is validated string content without the quotes. */
export function decodeJsonString(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  let runStart = start;
  let i = nextBackslash(bytes, start, end);
  while (i < end) {
    out += buffer.toString('utf8', runStart, i);
    const kind = bytes[i + 1] ?? 0;
    if (kind === 0x75) {
      // \uXXXX: lone surrogates are legal JSON and are kept as lone UTF-16 code units.
      out += String.fromCharCode(parseInt(buffer.toString('latin1', i + 2, i + 6), 16));
      i += 6;
    } else {
      out += SIMPLE_ESCAPES[kind] ?? '';
      i += 2;
    }
    runStart = i;
    i = nextBackslash(bytes, i, end);
  }
  return out + buffer.toString('utf8', runStart, end);
}

function nextBackslash(bytes: Uint8Array, from: number, end: number): number {
  while (from < end && bytes[from] !== 0x5c) from++;
  return from;
}
