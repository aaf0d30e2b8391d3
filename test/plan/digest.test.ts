import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DigestAccumulator, combineDigests, digestOfRecords, digestsEqual, formatDigest, parseDigest } from '../../src/plan/digest.js';

const bytes = (s: string): Uint8Array => Buffer.from(s);
const recordList = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 40 });

describe('multiset digest', () => {
  test('is independent of record order', () => {
    fc.assert(
      fc.property(recordList, fc.infiniteStream(fc.nat()), (records, seeds) => {
        const shuffled = records.map((r, i) => ({ r, k: seeds.take(1).next().value as number + i * 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
        expect(digestsEqual(digestOfRecords(records), digestOfRecords(shuffled))).toBe(true);
      }),
    );
  });

  test('splitting a multiset into parts and combining gives the whole', () => {
    fc.assert(
      fc.property(recordList, fc.array(fc.nat(3)), (records, parts) => {
        const buckets: Uint8Array[][] = [[], [], [], []];
        records.forEach((r, i) => buckets[(parts[i] ?? 0) % 4]!.push(r));
        const combined = combineDigests(buckets.map(digestOfRecords));
        expect(combined).toEqual(digestOfRecords(records));
      }),
    );
  });

  test('duplicates count: a doubled record changes the digest, never cancels', () => {
    const one = digestOfRecords([bytes('{"a":1}')]);
    const two = digestOfRecords([bytes('{"a":1}'), bytes('{"a":1}')]);
    expect(two.records).toBe(2);
    expect(digestsEqual(one, two)).toBe(false);
    expect(digestOfRecords([]).records).toBe(0);
  });

  test('a one-byte change, a lost record or a reorder of bytes inside a record changes it', () => {
    const base = [bytes('{"ts":"2020-04-20T20:00:00Z","a":1}'), bytes('{"ts":"2020-04-20T21:00:00Z","a":2}')];
    const d = digestOfRecords(base);
    expect(digestsEqual(d, digestOfRecords([base[0]!, bytes('{"ts":"2020-04-20T21:00:00Z","a":3}')]))).toBe(false);
    expect(digestsEqual(d, digestOfRecords([base[0]!]))).toBe(false);
    expect(digestsEqual(d, digestOfRecords([base[0]!, bytes('{"a":2,"ts":"2020-04-20T21:00:00Z"}')]))).toBe(false);
  });

  test('distinct short records do not collide (all 1- and 2-byte strings)', () => {
    const seen = new Set<string>();
    for (let a = 0; a < 256; a++) {
      seen.add(formatDigest(digestOfRecords([Uint8Array.of(a)])));
      for (let b = 0; b < 256; b++) seen.add(formatDigest(digestOfRecords([Uint8Array.of(a, b)])));
    }
    expect(seen.size).toBe(256 + 256 * 256);
  });

  test('hash does not depend on the byte offset of the view', () => {
    const buffer = Buffer.from('xx{"ts":1}yy');
    const acc = new DigestAccumulator();
    acc.add(buffer.subarray(2, 10));
    expect(acc.snapshot()).toEqual(digestOfRecords([Buffer.from('{"ts":1}')]));
  });

  test('addRange over any slice of a larger buffer equals add of a copy', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 7 }), fc.uint8Array({ maxLength: 7 }), (record, before, after) => {
        const buffer = Buffer.concat([before, record, after]);
        const shift = before.length > 0 ? 1 : 0;
        const view = buffer.subarray(shift); // the same bytes through a view with another byteOffset
        const ranged = new DigestAccumulator();
        ranged.addRange(buffer, before.length, before.length + record.length);
        ranged.addRange(view, before.length - shift, before.length - shift + record.length);
        const copied = new DigestAccumulator();
        copied.add(Uint8Array.from(record));
        copied.add(Uint8Array.from(record));
        expect(ranged.snapshot()).toEqual(copied.snapshot());
      }),
    );
  });

  test('known answers: the record hash does not change by accident (plan hashes depend on it)', () => {
    const known: [string, string][] = [
      ['', '1:7a04da44c1d75502'],
      ['a', '1:cb91925fb0acd11a'],
      ['ab', '1:12753dbb7cfff279'],
      ['abc', '1:6d38bbb0afe6f642'],
      ['abcd', '1:733f0b8c5ddb996e'],
      ['abcde', '1:ea1da6d820997375'],
      ['{"ts":"2020-04-20T20:00:00Z","a":1}', '1:cbaed7f7c313e1a1'],
      ['caf\u00e9 \u2615', '1:347d55e5a4e572c7'],
    ];
    for (const [text, digest] of known) expect(formatDigest(digestOfRecords([bytes(text)]))).toBe(digest);
    expect(formatDigest(digestOfRecords(known.map(([text]) => bytes(text))))).toBe('8:22cd465285d97022');
  });

  test('format and parse round-trip', () => {
    fc.assert(
      fc.property(recordList, (records) => {
        const d = digestOfRecords(records);
        expect(parseDigest(formatDigest(d))).toEqual(d);
      }),
    );
    expect(parseDigest('nope')).toBeNull();
  });
});
