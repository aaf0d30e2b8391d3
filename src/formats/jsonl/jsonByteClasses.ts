/** Byte classes of RFC 8259 as 256-entry lookup tables (1 = member), for the hand scanner. */
import { Buffer } from 'node:buffer';

function table(test: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = test(c) ? 1 : 0;
  return t;
}
// JSON whitespace without LF: LF frames lines, so it never occurs inside a value.
export const WS = table((c) => c === 0x20 || c === 0x09 || c === 0x0d);
export const PLAIN = table((c) => c >= 0x20 && c !== 0x22 && c !== 0x5c);
export const ESCAPE = table((c) => '"\\/bfnrt'.includes(String.fromCharCode(c)));
export const HEX = table((c) => /[0-9a-fA-F]/.test(String.fromCharCode(c)));
export const DIGIT = table((c) => c >= 0x30 && c <= 0x39);
export const LITERALS: Readonly<Record<number, Uint8Array>> = {
  0x74: Buffer.from('true'),
  0x66: Buffer.from('false'),
  0x6e: Buffer.from('null'),
};
