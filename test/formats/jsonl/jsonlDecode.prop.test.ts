/**
 * Properties of decodeJsonl: any chunking of any well-formed stream yields exactly the records'
 * bytes (plain and gzip, one or several members); cutting a gzip object never passes silently; the
 * value scanner agrees with JSON.parse; arbitrary bytes only ever fail with UnreadableObjectError.
 */
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnreadableObjectError } from '../../../src/formats/jsonl/index.js';
import { chunked, decodeAll, settle } from './decodeHelpers.js';
import { recordArb } from './arbitraries.js';

const RUNS = { numRuns: 200 };

const framingArb = fc.record({ delimiter: fc.constantFrom('lf', 'crlf', 'none'), final: fc.boolean() });
const cutsArb = fc.array(fc.nat(), { maxLength: 30 });
const TERMINATORS = { lf: '\n', crlf: '\r\n', none: '' } as const;

function frame(records: readonly { bytes: Buffer }[], delimiter: 'lf' | 'crlf' | 'none', final: boolean): Buffer {
  const terminator = Buffer.from(TERMINATORS[delimiter]);
  const parts = records.flatMap((r, i) => (i === 0 ? [r.bytes] : [terminator, r.bytes]));
  if (final && records.length > 0) parts.push(Buffer.from(delimiter === 'crlf' ? '\r\n' : '\n'));
  return Buffer.concat(parts);
}

/** gzip `plain` as one member per piece (pieces cut at `memberCuts`). */
function gzipMembers(plain: Buffer, memberCuts: readonly number[]): Buffer {
  const pieces = plain.length === 0 ? [plain] : chunked(plain, memberCuts);
  return Buffer.concat(pieces.map((p) => zlib.gzipSync(p)));
}

describe('decodeJsonl properties', () => {
  it('any chunking of a well-formed stream yields exactly the records, plain and gzip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 12 }), framingArb, cutsArb, cutsArb, fc.boolean(), async (records, { delimiter, final }, cuts, memberCuts, gzip) => {
        const plain = frame(records, delimiter, final);
        const input = gzip ? gzipMembers(plain, memberCuts.slice(0, 3)) : plain;
        const { records: got, summary } = await decodeAll(chunked(input, cuts), gzip ? 'gzip' : 'none');
        expect(got.map((r) => r.bytes.toString('base64'))).toEqual(records.map((r) => r.bytes.toString('base64')));
        expect(got.map((r) => r.time)).toEqual(records.map((r) => r.time));
        // The raw time text (for the hot path) is exactly the time value, when it is exposed.
        for (const r of got) {
          if (r.rawTime === undefined) expect(r.time.kind === 'number' || (r.time.kind === 'string' && JSON.stringify(r.time.value) === `"${r.time.value}"`)).toBe(false);
          else if (r.rawTime.isString) expect(r.time).toEqual({ kind: 'string', value: r.rawTime.text });
          else expect(r.time).toEqual({ kind: 'number', literal: r.rawTime.text });
        }
        expect(got.map((r) => r.line)).toEqual(records.map((_, i) => (delimiter === 'none' ? 1 : i + 1)));
        const n = records.length;
        const expectedDelimiter = delimiter === 'none' ? (n >= 2 ? 'none' : 'lf') : n >= 2 || (n === 1 && final) ? delimiter : 'lf';
        expect(summary).toMatchObject({ records: n, decodedBytes: plain.length, encodedBytes: input.length, delimiter: expectedDelimiter, finalDelimiter: n > 0 && final });
      }),
      RUNS,
    );
  }, 60_000);

  it('a gzip object cut anywhere fails, unless the cut falls exactly between members', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 6 }), cutsArb, fc.nat(), fc.boolean(), async (records, memberCuts, cutSeed, oneByteChunks) => {
        const plain = frame(records, 'lf', true);
        const pieces = chunked(plain, memberCuts.slice(0, 3));
        const members = pieces.map((p) => zlib.gzipSync(p));
        const whole = Buffer.concat(members);
        const cut = cutSeed % whole.length; // a strict prefix: something is always missing
        // Where each member starts, and how much plain text the complete members before it hold.
        const starts: number[] = [];
        const plainBefore: number[] = [];
        members.reduce((at, m, i) => (starts.push(at), plainBefore.push(pieces.slice(0, i).reduce((s, p) => s + p.length, 0)), at + m.length), 0);
        const prefix = whole.subarray(0, cut);
        const outcome = await settle(decodeAll(oneByteChunks ? chunked(prefix, [...prefix.keys()]) : [prefix], 'gzip'));
        const boundary = starts.indexOf(cut);
        if (boundary >= 0) {
          // Complete members only: exactly what decoding their plain text gives, no more.
          const truth = await settle(decodeAll([plain.subarray(0, plainBefore[boundary])], 'none'));
          expect(outcome.ok).toBe(truth.ok);
          if (!outcome.ok || !truth.ok) {
            expect((outcome as { error: UnreadableObjectError }).error.reason).toBe((truth as { error: UnreadableObjectError }).error.reason);
            return;
          }
          expect(outcome.records.map((r) => r.bytes.toString('base64'))).toEqual(truth.records.map((r) => r.bytes.toString('base64')));
          expect(outcome.summary.gzipMembers).toBe(boundary);
          return;
        }
        expect(outcome.ok).toBe(false);
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(UnreadableObjectError);
        const member = starts.filter((s) => s < cut).length - 1;
        const insideLaterHeader = member >= 1 && cut - starts[member]! < 10;
        expect((error as UnreadableObjectError).reason).toBe(insideLaterHeader ? 'trailing-bytes' : 'truncated-gzip');
      }),
      RUNS,
    );
  }, 60_000);

  it('a single line is one well-formed record exactly when JSON.parse accepts it', async () => {
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', ' ', '\t', '\r', '0', '1', '9', '-', '+', '.', 'e', 'E', 'true', 'false', 'null', 'tru', '\\', '\\u', '00e9', 'x', '\u0000', '\u001f', 'é', '😀', '"ts"'];
    const lineArb = fc.oneof(
      fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }).map((parts) => parts.join('')),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom(...alphabet)).map(([json, at, insert]) => json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1))),
      fc.json(),
    );
    await fc.assert(
      fc.asyncProperty(lineArb, async (line) => {
        let parses = true;
        try {
          JSON.parse(line);
        } catch {
          parses = false;
        }
        const outcome = await settle(decodeAll([Buffer.from(line, 'utf8')], 'none'));
        const oneGoodRecord = outcome.ok && outcome.records.length === 1 && outcome.records[0]!.time.kind !== 'malformed';
        expect(oneGoodRecord).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('string contents: every byte value, at every position and alignment, is judged as JSON.parse does', async () => {
    // Strings are skipped four bytes at a time; this walks one odd byte through keys and values
    // of several lengths, at every offset of the line (so at every alignment of the word reads).
    const lines: Buffer[] = [];
    const expected: boolean[] = [];
    for (let byte = 0; byte < 0x80; byte++) {
      if (byte === 0x0a) continue; // LF ends the line: framing, not string content
      for (const length of [1, 3, 4, 5, 9]) {
        for (let at = 0; at < length; at++) {
          for (const pad of ['', ' ', '  ', '   ']) {
            const content = Buffer.alloc(length, 0x61);
            content[at] = byte;
            const text = content.toString('latin1');
            const inKey = `${pad}{"${text}":1,"ts":"x"}`;
            const inValue = `${pad}{"ts":"${text}","a":[1]}`;
            for (const line of [inKey, inValue]) {
              lines.push(Buffer.from(line, 'latin1'));
              let parses = true;
              try {
                JSON.parse(line);
              } catch {
                parses = false;
              }
              expected.push(parses);
            }
          }
        }
      }
    }
    const { records } = await decodeAll(lines.flatMap((line) => [line, Buffer.from('\n')]), 'none');
    expect(records.map((r) => r.time.kind !== 'malformed')).toEqual(expected);
  });

  it('arbitrary bytes either decode or fail with UnreadableObjectError, plain and gzip', async () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // valid gzip of JSON lines with one byte changed
      fc.tuple(fc.array(recordArb, { maxLength: 4 }), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([records, at, xor]) => {
        const gz = Buffer.from(zlib.gzipSync(frame(records, 'lf', true)));
        gz[at % gz.length] = gz[at % gz.length]! ^ xor;
        return gz;
      }),
    );
    await fc.assert(
      fc.asyncProperty(bytesArb, cutsArb, fc.constantFrom('gzip', 'none'), async (bytes, cuts, compression) => {
        const outcome = await settle(decodeAll(chunked(bytes, cuts), compression));
        if (!outcome.ok) expect(outcome.error).toBeInstanceOf(UnreadableObjectError);
        else {
          // Success means every record lies inside the decoded bytes, in order, without overlap.
          expect(outcome.summary.records).toBe(outcome.records.length);
          let end = 0;
          for (const r of outcome.records) {
            expect(r.byteOffset).toBeGreaterThanOrEqual(end);
            end = r.byteOffset + r.bytes.length;
          }
          expect(end).toBeLessThanOrEqual(outcome.summary.decodedBytes);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
