import { describe, expect, it } from 'vitest';
import { createEventTimeParser, loadZone } from '../../src/time/index.js';
import type { EpochUnit, TimeFailureReason } from '../../src/time/index.js';
import { at, num, str } from './helpers.js';

const utc = loadZone('UTC');
const auto = createEventTimeParser({ kind: 'auto' }, utc);
const epoch = (unit: EpochUnit) => createEventTimeParser({ kind: 'epoch', unit }, utc);
const ok = (eventTimeMs: number) => ({ ok: true, eventTimeMs });
const fail = (reason: TimeFailureReason) => ({ ok: false, reason });
const T = at('2020-04-20T11:15:07.123Z'); // 1587381307123

describe('auto: epoch unit by magnitude', () => {
  it.each([
    ['1587381307', T - 123],
    ['1587381307.123', T],
    ['1587381307.1239', T],
    ['1587381307123', T],
    ['1587381307123.9', T],
    ['1587381307123456', T],
    ['1587381307123456789', T],
    ['0', 0],
    ['-0', 0],
    ['-0.0', 0],
    ['99999999999', 99_999_999_999_000], // largest seconds value (< 1e11)
    ['100000000000', 100_000_000_000], // 1e11: milliseconds
    ['99999999999999', 99_999_999_999_999], // < 1e14: milliseconds
    ['100000000000000', 100_000_000_000], // 1e14: microseconds
    ['100000000000000000', 100_000_000_000], // 1e17: nanoseconds
    ['1.5874e9', 1_587_400_000_000],
    ['1.587381307123E9', T],
    ['15873813071235e-4', T], // 1587381307.1235 s
    ['1587381307123e+3', T], // µs by magnitude after the exponent
    ['0001587381307', T - 123], // leading zeros do not count towards the magnitude
  ])('%s → %i', (literal, ms) => {
    expect(auto(num(literal))).toEqual(ok(ms));
    expect(auto(str(literal))).toEqual(ok(ms));
  });

  it('keeps nanosecond precision at an hour boundary (no double rounding)', () => {
    expect(Number('1587380399999999999')).toBe(1587380400000000000); // the trap
    expect(auto(num('1587380399999999999'))).toEqual(ok(1_587_380_399_999));
    expect(auto(str('1587380399999999999'))).toEqual(ok(1_587_380_399_999));
    expect(epoch('ns')(num('1587380399999999999'))).toEqual(ok(1_587_380_399_999));
    expect(auto(num('1587380400000000000'))).toEqual(ok(1_587_380_400_000));
  });

  it('floors negative epochs towards −∞', () => {
    expect(auto(num('-1'))).toEqual(ok(-1000));
    expect(auto(num('-1.5'))).toEqual(ok(-1500));
    expect(auto(num('-0.0001'))).toEqual(ok(-1));
    expect(auto(num('-1500000000000'))).toEqual(ok(-1_500_000_000_000));
    expect(auto(num('-1587380399999999999'))).toEqual(ok(-1_587_380_400_000));
    expect(auto(num('-1587380400000000000'))).toEqual(ok(-1_587_380_400_000));
    expect(auto(str('-86400'))).toEqual(ok(at('1969-12-31T00:00:00Z')));
    expect(epoch('us')(num('-1'))).toEqual(ok(-1));
    expect(epoch('ns')(num('-1'))).toEqual(ok(-1));
    expect(epoch('ns')(num('1'))).toEqual(ok(0));
  });

  it('puts huge and non-finite values out of range', () => {
    for (const literal of ['1e400', '-1e400', '1e20000', '99999999999999999999999999']) {
      expect(auto(num(literal))).toEqual(fail('out-of-range'));
    }
    for (const text of ['NaN', 'Infinity', '-Infinity']) expect(auto(str(text))).toEqual(fail('out-of-range'));
    expect(auto(num('1e-400'))).toEqual(ok(0));
    expect(auto(num('0e99999'))).toEqual(ok(0));
  });

  it('does not take ISO-ish or malformed numeric strings as epochs', () => {
    for (const text of ['1587381307x', '1.', '.5', '1e', '--1', '1 2', '0x10', '1_000']) {
      expect(auto(str(text))).toEqual(fail('unparseable'));
    }
  });
});

describe('epoch_* formats', () => {
  it.each([
    ['s', '1587381307.123', T],
    ['s', '253402300799', 253_402_300_799_000],
    ['ms', '1587381307123', T],
    ['ms', '1587381307', 1_587_381_307], // no magnitude guessing: the unit is given
    ['us', '1587381307123456', T],
    ['us', '1587381307123999.99', T],
    ['ns', '1587381307123456789', T],
  ] as const)('epoch_%s %s → %i', (unit, literal, ms) => {
    expect(epoch(unit)(num(literal))).toEqual(ok(ms));
    expect(epoch(unit)(str(` ${literal} `))).toEqual(ok(ms));
  });

  it('rejects non-numeric strings as unparseable', () => {
    expect(epoch('s')(str('2020-04-20T00:00:00Z'))).toEqual(fail('unparseable'));
    expect(epoch('ms')(str('abc'))).toEqual(fail('unparseable'));
  });

  it('checks the engine bounds', () => {
    expect(epoch('s')(num('253402300800'))).toEqual(fail('out-of-range'));
    expect(epoch('ms')(num('253402300799999'))).toEqual(ok(253_402_300_799_999));
    expect(epoch('ms')(num('253402300800000'))).toEqual(fail('out-of-range'));
    expect(epoch('s')(num('-62167219200'))).toEqual(ok(-62_167_219_200_000));
    expect(epoch('s')(num('-62167219200.001'))).toEqual(fail('out-of-range'));
    expect(epoch('ms')(str('Infinity'))).toEqual(fail('out-of-range'));
  });
});
