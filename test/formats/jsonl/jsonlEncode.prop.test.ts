/** Round trip: decode(encode(records)) yields the same record bytes, for every delimiting and compression. */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJsonl } from '../../../src/formats/jsonl/index.js';
import { chunked, collect, decodeAll } from './decodeHelpers.js';
import { recordArb } from './arbitraries.js';

/** Records as the decoder can produce them: objects, scalars, and malformed lines (no LF, not blank). */
const anyRecord = fc.oneof(
  recordArb.map((r) => r.bytes),
  fc.json().map((text) => Buffer.from(text)),
  fc.constantFrom('1', '-0.0', '"s"', 'hello', '{"a":1} ', '\t{"a":1}', '{"a":', 'tru', '[1]', '{}', '2024-01-01 x').map((t) => Buffer.from(t)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((text) => Buffer.from(text)),
);

/** Is `bytes` a record the decoder produces, i.e. one line that reads back as exactly itself? */
async function isDecodedRecord(bytes: Buffer): Promise<boolean> {
  if (bytes.includes(0x0a) || bytes[bytes.length - 1] === 0x0d || bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return false;
  const outcome = await decodeAll([bytes], 'none').catch(() => undefined);
  return outcome !== undefined && outcome.records.length === 1 && outcome.records[0]!.bytes.equals(bytes);
}

describe('encodeJsonl properties', () => {
  it('decode(encode(records)) yields the same records, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRecord, { maxLength: 10 }),
        fc.constantFrom('lf', 'crlf', 'none'),
        fc.boolean(),
        fc.constantFrom('gzip', 'none'),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (records, delimiter, finalDelimiter, compression, cuts) => {
          // The encoder's input is what the decoder hands out: single lines that read back as themselves.
          for (const record of records) fc.pre(await isDecodedRecord(record));
          const encoded = await collect(encodeJsonl(records, { delimiter, finalDelimiter, compression }));
          const { records: got } = await decodeAll(chunked(encoded, cuts), compression);
          expect(got.map((r) => r.bytes.toString('base64'))).toEqual(records.map((r) => r.toString('base64')));
        },
      ),
      { numRuns: 300, maxSkipsPerRun: 1000 },
    );
  }, 60_000);
});
