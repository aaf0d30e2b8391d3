/** Behaviour that fixtures cannot show: streaming, memory bounds, and which errors pass through. */
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RepartitionError } from '../../../src/errors.js';
import { UNREADABLE_REASONS, UnreadableObjectError, decodeJsonl } from '../../../src/formats/jsonl/index.js';
import { asSource, chunked, decodeAll } from './decodeHelpers.js';

const records = (n: number) => Array.from({ length: n }, (_, i) => `{"ts":${i},"msg":"record ${i}"}`);

describe('decodeJsonl', () => {
  it('hands out records while the object is still arriving', async () => {
    let seen = 0;
    const seenBeforeSecondChunk: number[] = [];
    async function* source() {
      yield Buffer.from('{"ts":1}\n{"ts":2}\n{"ts"');
      seenBeforeSecondChunk.push(seen);
      yield Buffer.from(':3}\n');
    }
    await decodeJsonl(source(), { compression: 'none', timeFieldPath: ['ts'] }, () => seen++);
    expect(seenBeforeSecondChunk).toEqual([2]);
    expect(seen).toBe(3);
  });

  it('does the same through gzip', async () => {
    let seen = 0;
    const seenBeforeEnd: number[] = [];
    const gz = zlib.gzipSync(Buffer.from(records(2000).join('\n')));
    async function* source() {
      yield* chunked(gz, [gz.length - 10]).slice(0, 1);
      seenBeforeEnd.push(seen);
      yield gz.subarray(gz.length - 10);
    }
    await decodeJsonl(source(), { compression: 'gzip', timeFieldPath: ['ts'] }, () => seen++);
    expect(seenBeforeEnd[0]).toBeGreaterThan(1000);
    expect(seen).toBe(2000);
  });

  it('never buffers a newline-free concatenated object: each record is held only while incomplete', async () => {
    const text = records(20_000).join(''); // ~600 KB on one line
    const { summary } = await decodeAll(chunked(Buffer.from(text), Array.from({ length: 100 }, (_, i) => i * 6007)), 'none', 'ts', { maxRecordBytes: 64 });
    expect(summary).toMatchObject({ records: 20_000, delimiter: 'none' });
  });

  it('refuses a line-delimited record over maxRecordBytes even when it spans chunks', async () => {
    const long = `{"ts":1,"pad":"${'x'.repeat(100)}"}`;
    const error = await decodeAll(chunked(Buffer.from(`{"ts":0}\n${long}\n`), [20, 40, 60]), 'none', 'ts', { maxRecordBytes: 64 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREADABLE_OBJECT', reason: 'record-too-large', context: { line: 2, byteOffset: 9 } });
  });

  it('passes errors of the source and of the callback through unchanged', async () => {
    const failing = new Error('connection reset');
    async function* broken() {
      yield Buffer.from('{"ts":1}\n');
      throw failing;
    }
    await expect(decodeJsonl(broken(), { compression: 'none', timeFieldPath: ['ts'] }, () => {})).rejects.toBe(failing);
    const mine = new Error('consumer failed');
    for (const compression of ['none', 'gzip'] as const) {
      const bytes = Buffer.from('{"ts":1}\n{"ts":2}\n');
      const input = compression === 'gzip' ? zlib.gzipSync(bytes) : bytes;
      const run = decodeJsonl(asSource([input]), { compression, timeFieldPath: ['ts'] }, () => {
        throw mine;
      });
      await expect(run).rejects.toBe(mine);
    }
  });

  it('reports unreadable objects as coded RepartitionErrors with a hint', async () => {
    const error = await decodeAll([Buffer.from('{"ts":1}{"ts":')], 'none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RepartitionError);
    expect(error).toBeInstanceOf(UnreadableObjectError);
    const unreadable = error as UnreadableObjectError;
    expect(unreadable.message).toBe('Concatenated JSON on line 1 breaks at byte 14: value cut off at the end of the line');
    expect(unreadable.context).toEqual({ line: 1, byteOffset: 14, reason: 'broken-framing' });
    expect(unreadable.hint).toMatch(/by hand/);
    expect(UNREADABLE_REASONS).toContain(unreadable.reason);
  });

  it('finds invalid UTF-8 split across chunks and reports its line', async () => {
    const bytes = Buffer.concat([Buffer.from('{"ts":1}\n{"a":"\u20ac\u20ac'), Buffer.from([0xe2, 0x82, 0x41]), Buffer.from('"}\n')]);
    for (const cut of [15, 16, 17, 18, 19, 20, 21, 22, 23]) {
      const error = await decodeAll(chunked(bytes, [cut]), 'none').catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'invalid-utf8', context: { byteOffset: 21, line: 2 } });
    }
  });

  it('treats a nested value on the time path that repeats a key at an outer level as a duplicate', async () => {
    const { records: got } = await decodeAll([Buffer.from('{"a":{"b":1},"a":{"c":2}}')], 'none', 'a.b');
    expect(got[0]!.time).toEqual({ kind: 'duplicate-field' });
  });

  it('survives nesting far deeper than the call stack', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const { records: got } = await decodeAll([Buffer.from(`${deep}\n{"ts":1}\n`)], 'none');
    expect(got.map((r) => r.time.kind)).toEqual(['missing', 'number']);
  });
});
