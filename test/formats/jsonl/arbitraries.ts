/** Shared fast-check arbitraries for the jsonl properties. */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import type { TimeFieldValue } from '../../../src/formats/types.js';

/** A JSON object text whose first key is "ts" (string or number), plus arbitrary other members. */
const tsValue = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
export const recordArb = fc
  .tuple(tsValue, fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.jsonValue()), { maxLength: 4 }))
  .map(([ts, rest]) => {
    const members = rest.filter(([k]) => k !== 'ts').map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    const text = `{"ts":${JSON.stringify(ts)}${members.map((m) => ',' + m).join('')}}`;
    const time: TimeFieldValue = typeof ts === 'string' ? { kind: 'string', value: ts } : { kind: 'number', literal: JSON.stringify(ts) };
    return { bytes: Buffer.from(text, 'utf8'), time };
  });
