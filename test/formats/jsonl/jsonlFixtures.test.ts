/**
 * Every case under fixtures/jsonl/ (made by fixtures/jsonl/make-fixtures.mjs) is decoded whole, in
 * 1-byte chunks and in 7-byte chunks; all must give exactly the hand-written expected.json. Readable
 * cases are then re-encoded with their own delimiting and compression and must read back the same.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnreadableObjectError, encodeJsonl } from '../../../src/formats/jsonl/index.js';
import { chunked, collect, decodeAll } from './decodeHelpers.js';
import type { DecodedRecord } from './decodeHelpers.js';
import type { Compression } from '../../../src/formats/types.js';

const root = fileURLToPath(new URL('../../../fixtures/jsonl/', import.meta.url));
const cases = readdirSync(root).filter((name) => existsSync(join(root, name, 'expected.json')));

interface ExpectedRecord {
  line: number;
  byteOffset: number;
  text?: string;
  base64?: string;
  time: { kind: string; [k: string]: unknown };
}
interface Expected {
  input: string;
  options: { timeField: string; maxRecordBytes?: number };
  records?: ExpectedRecord[];
  summary?: Record<string, unknown>;
  unreadable?: { reason: string; byteOffset: number; line?: number };
}

/** Byte-exact identity of the records plus where they are and what their time is. */
function describeRecords(records: readonly DecodedRecord[]) {
  return records.map((r) => ({
    line: r.line,
    byteOffset: r.byteOffset,
    base64: r.bytes.toString('base64'),
    time: r.time.kind === 'malformed' ? { kind: 'malformed' } : r.time,
  }));
}

const BYTE_IDENTICAL_AFTER_REENCODE = new Set(['lf', 'crlf', 'no-final-newline', 'concat-no-newline', 'malformed-middle', 'numbers', 'escapes', 'unicode', 'gzip-multi']);

describe('jsonl fixtures', () => {
  it('finds the fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(cases)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Expected;
    const input = readFileSync(join(root, name, expected.input));
    const compression: Compression = expected.input.endsWith('.gz') ? 'gzip' : 'none';
    const extra = expected.options.maxRecordBytes === undefined ? {} : { maxRecordBytes: expected.options.maxRecordBytes };
    const chunkings: Array<[string, Uint8Array[]]> = [
      ['whole', chunked(input)],
      ['1-byte chunks', chunked(input, [...input.keys()])],
      ['7-byte chunks', chunked(input, [...input.keys()].filter((i) => i % 7 === 0))],
    ];

    it.each(chunkings)('decodes as expected (%s)', async (_label, pieces) => {
      const run = decodeAll(pieces, compression, expected.options.timeField, extra);
      if (expected.unreadable !== undefined) {
        const error = await run.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(UnreadableObjectError);
        const unreadable = error as UnreadableObjectError;
        expect(unreadable.code).toBe('UNREADABLE_OBJECT');
        expect({ reason: unreadable.reason, byteOffset: unreadable.byteOffset, line: unreadable.line }).toEqual({
          reason: expected.unreadable.reason,
          byteOffset: expected.unreadable.byteOffset,
          line: expected.unreadable.line,
        });
        return;
      }
      const { records, summary } = await run;
      const want = expected.records!.map((r) => ({
        line: r.line,
        byteOffset: r.byteOffset,
        base64: r.base64 ?? Buffer.from(r.text!, 'utf8').toString('base64'),
        time: r.time,
      }));
      expect(describeRecords(records)).toEqual(want);
      for (const r of records) if (r.time.kind === 'malformed') expect(r.time.detail).not.toBe('');
      expect(summary).toEqual(expected.summary);
    });

    if (expected.unreadable === undefined) {
      it('reads back the same records after re-encoding', async () => {
        const first = await decodeAll([input], compression, expected.options.timeField, extra);
        const { delimiter, finalDelimiter } = first.summary;
        const encoded = await collect(encodeJsonl(first.records.map((r) => r.bytes), { delimiter, finalDelimiter, compression }));
        const again = await decodeAll([encoded], compression, expected.options.timeField, extra);
        expect(again.records.map((r) => [r.bytes.toString('base64'), r.time])).toEqual(first.records.map((r) => [r.bytes.toString('base64'), r.time]));
        if (BYTE_IDENTICAL_AFTER_REENCODE.has(name) && compression === 'none') expect(encoded.equals(input)).toBe(true);
      });
    }
  });
});
