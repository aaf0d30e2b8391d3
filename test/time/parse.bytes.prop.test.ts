/**
 * The hot-path bytes parser must never disagree with the full parser: wherever it decides (not
 * NaN), the full parser reads the same text as the same instant. And it must actually decide the
 * common shapes, or the fast path would silently stop being fast.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS, createEventTimeBytesParser, createEventTimeParser, labelMsToLocal, loadZone } from '../../src/time/index.js';
import type { TimeFormat } from '../../src/time/index.js';

const FORMATS: TimeFormat[] = [
  { kind: 'auto' },
  { kind: 'iso8601' },
  { kind: 'epoch', unit: 's' },
  { kind: 'epoch', unit: 'ms' },
  { kind: 'epoch', unit: 'us' },
  { kind: 'epoch', unit: 'ns' },
];
const ZONES = ['UTC', '+09:00', 'Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe'];
const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');

/** ISO-looking text: a valid instant in many spellings, then maybe mutated. */
const isoText = fc
  .record({
    t: fc.integer({ min: MIN_EVENT_TIME_MS - 86_400_000, max: MAX_EVENT_TIME_MS + 86_400_000 }),
    basic: fc.boolean(),
    separator: fc.constantFrom('T', 't', ' ', '_'),
    seconds: fc.boolean(),
    fraction: fc.constantFrom('', '.', ',', '.5', '.12', '.123', ',1234', '.123456789', '.1234567890'),
    zone: fc.constantFrom('', 'Z', 'z', '+09:00', '-03:30', '+0930', '+09', '-00:00', '+18:00', '+18:01', '+23:59', '+09:60', '+9', '+09:0', ' '),
  })
  .map(({ t, basic, separator, seconds, fraction, zone }) => {
    const l = labelMsToLocal(t);
    const d = basic ? '' : '-';
    const c = basic ? '' : ':';
    const date = `${pad(l.year, 4)}${d}${pad(l.month, 2)}${d}${pad(l.day, 2)}`;
    const time = `${pad(l.hour, 2)}${c}${pad(l.minute, 2)}${seconds ? `${c}${pad(l.second, 2)}${fraction}` : ''}`;
    return `${date}${separator}${time}${zone}`;
  });

/** Replace, insert or delete one character (ASCII, a digit, a space, or something non-ASCII). */
const mutated = fc
  .tuple(isoText, fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom('0', '9', '3', '6', '-', ':', ' ', '\t', 'T', 'Z', '+', '\u00a0', 'é', '\u2028', '1'))
  .map(([text, at, how, ch]) => {
    const i = at % (text.length + 1);
    if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + ch + text.slice(i);
    return text.slice(0, i) + ch + text.slice(i + 1);
  });

/** An integer with 1–19 digits, each length equally likely (the units switch at 11, 14 and 17). */
const integerText = fc
  .tuple(fc.boolean(), fc.integer({ min: 1, max: 19 }))
  .chain(([negative, digits]) => fc.bigInt({ min: 10n ** BigInt(digits - 1), max: 10n ** BigInt(digits) - 1n }).map((v) => `${negative ? '-' : ''}${v}`));
const epochText = fc.oneof(
  integerText,
  fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }).map(String),
  fc.integer().map(String),
  fc.tuple(fc.constantFrom('', '-', '+', ' ', '0', '00'), fc.nat(), fc.constantFrom('', '.5', 'e3', ' ', '.0')).map(([a, n, b]) => `${a}${n}${b}`),
);

const anyText = fc.oneof(
  { arbitrary: isoText, weight: 4 },
  { arbitrary: mutated, weight: 3 },
  { arbitrary: epochText, weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom('2020-04-20', '2020-04', '20200420', 'NaN', '-inf', '', ' '), weight: 1 },
);

describe('bytes parser agrees with the full parser', () => {
  for (const zoneName of ZONES) {
    const zone = loadZone(zoneName);
    for (const format of FORMATS) {
      const full = createEventTimeParser(format, zone);
      const fast = createEventTimeBytesParser(format, zone)!;
      it(`${format.kind}${format.kind === 'epoch' ? `_${format.unit}` : ''} in ${zoneName}`, () => {
        let decided = 0;
        fc.assert(
          fc.property(anyText, fc.boolean(), fc.nat(8), (text, asString, offset) => {
            // Bytes at some offset inside a larger buffer, with junk around them.
            const body = Buffer.from(text, 'utf8');
            const bytes = Buffer.concat([Buffer.alloc(offset, 0x37), body, Buffer.from('"9')]);
            const ms = fast(bytes, offset, offset + body.length, asString);
            if (Number.isNaN(ms)) return;
            decided++;
            // Number literals are only ever valid JSON numbers; a string is any text.
            const value = asString ? ({ kind: 'string', value: text } as const) : ({ kind: 'number', literal: text } as const);
            expect(full(value)).toEqual({ ok: true, eventTimeMs: ms });
          }),
          { numRuns: 2000 },
        );
        expect(decided).toBeGreaterThan(50); // the comparison really ran on decided values
      });
    }
  }

  it('decides the common shapes', () => {
    const zone = loadZone('Asia/Tokyo');
    const auto = createEventTimeBytesParser({ kind: 'auto' }, zone)!;
    const at = (text: string, isString = true) => auto(Buffer.from(text), 0, text.length, isString);
    expect(at('2020-04-20T23:59:57.569+09:00')).toBe(Date.UTC(2020, 3, 20, 14, 59, 57, 569));
    expect(at('2020-04-20T14:59:57Z')).toBe(Date.UTC(2020, 3, 20, 14, 59, 57));
    expect(at('20200420T145957.1Z')).toBe(Date.UTC(2020, 3, 20, 14, 59, 57, 100));
    expect(at('2020-04-20 23:59')).toBe(Date.UTC(2020, 3, 20, 14, 59));
    expect(at('1587394797569', false)).toBe(1587394797569);
    expect(at('1587394797', true)).toBe(1587394797000);
    expect(at('158739479756912', false)).toBe(158739479756);
    expect(createEventTimeBytesParser({ kind: 'pattern', pattern: 'yyyy' }, zone)).toBeUndefined();
  });

  it('leaves failures and odd spellings to the full parser', () => {
    const auto = createEventTimeBytesParser({ kind: 'auto' }, loadZone('UTC'))!;
    for (const text of ['2020-02-30T10:00Z', '2020-04-20', ' 2020-04-20T10:00Z', '2020-04-20T10:00Z ', '0', '-0', '01', '1.5', '1e3', '+1', '', '2020-04-20T24:00Z']) {
      expect(auto(Buffer.from(text), 0, Buffer.byteLength(text), true)).toBeNaN();
    }
    const iso = createEventTimeBytesParser({ kind: 'iso8601' }, loadZone('UTC'))!;
    expect(iso(Buffer.from('1587394797'), 0, 10, false)).toBeNaN();
  });
});
