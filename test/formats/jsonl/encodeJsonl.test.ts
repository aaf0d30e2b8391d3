import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeJsonl } from '../../../src/formats/jsonl/index.js';
import type { JsonlEncodeOptions } from '../../../src/formats/jsonl/index.js';
import { collect } from './decodeHelpers.js';

const encode = async (records: string[], options: JsonlEncodeOptions) => collect(encodeJsonl(records.map((r) => Buffer.from(r)), options));

describe('encodeJsonl', () => {
  it.each([
    ['lf', true, '{"a":1}\n2\n'],
    ['lf', false, '{"a":1}\n2'],
    ['crlf', true, '{"a":1}\r\n2\r\n'],
    ['none', false, '{"a":1}\n2'],
  ] as const)('writes %s with finalDelimiter=%s', async (delimiter, finalDelimiter, text) => {
    expect((await encode(['{"a":1}', '2'], { delimiter, finalDelimiter, compression: 'none' })).toString()).toBe(text);
  });

  it('joins only whole objects/arrays when delimiter is none; anything else gets its own line', async () => {
    const out = await encode(['{"a":1}', '[2]', ' {"b":3}', '{"c":4}', 'oops', '{"d":5}{', '{"e":6}'], { delimiter: 'none', finalDelimiter: false, compression: 'none' });
    expect(out.toString()).toBe('{"a":1}[2]\n {"b":3}\n{"c":4}\noops\n{"d":5}{\n{"e":6}');
  });

  it('writes gzip at level 6 that plain zlib reads', async () => {
    const out = await encode(['{"a":1}', '{"b":2}'], { delimiter: 'lf', finalDelimiter: true, compression: 'gzip' });
    expect(out.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(zlib.gunzipSync(out).toString()).toBe('{"a":1}\n{"b":2}\n');
  });

  it('writes nothing at all for no records', async () => {
    expect((await encode([], { delimiter: 'lf', finalDelimiter: true, compression: 'none' })).length).toBe(0);
  });

  it.each([
    [['{"a":\n1}'], 'lf', /contains a line feed/],
    [['  '], 'lf', /empty or blank/],
    [['\ufeff{}'], 'lf', /byte-order mark/],
    [['{}\r', '{}'], 'lf', /ends in CR/],
  ] as const)('refuses records it could not frame: %j', async (records, delimiter, message) => {
    await expect(encode([...records], { delimiter, finalDelimiter: false, compression: 'none' })).rejects.toThrow(message);
  });

  it('keeps a record ending in CR intact with CRLF', async () => {
    expect((await encode(['{}\r', '{}'], { delimiter: 'crlf', finalDelimiter: false, compression: 'none' })).toString()).toBe('{}\r\r\n{}');
  });
});
