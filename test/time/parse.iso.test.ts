import { describe, expect, it } from 'vitest';
import { TIME_FAILURE_REASONS, createEventTimeParser, loadZone } from '../../src/time/index.js';
import type { TimeFailureReason, TimeValue } from '../../src/time/index.js';
import { at, num, str } from './helpers.js';

const utc = loadZone('UTC');
const iso = createEventTimeParser({ kind: 'iso8601' }, utc);
const auto = createEventTimeParser({ kind: 'auto' }, utc);
const ok = (eventTimeMs: number) => ({ ok: true, eventTimeMs });
const fail = (reason: TimeFailureReason) => ({ ok: false, reason });

describe('value kinds', () => {
  const cases: [TimeValue, TimeFailureReason][] = [
    [{ kind: 'missing' }, 'missing-field'],
    [{ kind: 'null' }, 'null-value'],
    [str(''), 'empty-value'],
    [str(' \t\n'), 'empty-value'],
    [{ kind: 'other', jsonType: 'boolean' }, 'wrong-type'],
    [{ kind: 'other', jsonType: 'object' }, 'wrong-type'],
    [{ kind: 'other', jsonType: 'array' }, 'wrong-type'],
  ];
  it.each(cases)('%j → %s under every format', (value, reason) => {
    for (const format of [{ kind: 'auto' }, { kind: 'iso8601' }, { kind: 'epoch', unit: 'ms' }, { kind: 'pattern', pattern: 'yyyyMMddHH' }] as const) {
      expect(createEventTimeParser(format, utc)(value)).toEqual(fail(reason));
    }
  });

  it('a number under iso8601 is wrong-type', () => {
    expect(iso(num('1587380400'))).toEqual(fail('wrong-type'));
  });

  it('every failure reason is produced by some input (see the tests below)', () => {
    const newYork = createEventTimeParser({ kind: 'iso8601' }, loadZone('America/New_York'));
    const seen = new Set<string>();
    const inputs: [(v: TimeValue) => { ok: boolean; reason?: string }, TimeValue][] = [
      [iso, { kind: 'missing' }], [iso, { kind: 'null' }], [iso, str(' ')], [iso, { kind: 'other', jsonType: 'array' }],
      [iso, str('not-a-date')], [iso, str('2020-02-30T00:00Z')], [iso, str('2020-04-20')],
      [newYork, str('2020-11-01T01:30')], [newYork, str('2020-03-08T02:30')], [auto, num('1e400')],
    ];
    for (const [parse, value] of inputs) {
      const result = parse(value);
      if (!result.ok && result.reason !== undefined) seen.add(result.reason);
    }
    expect([...seen].sort()).toEqual([...TIME_FAILURE_REASONS].sort());
  });
});

describe('iso8601', () => {
  it.each([
    ['2020-04-20T11:15:07Z', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20t11:15:07z', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20 11:15:07Z', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T11:15Z', '2020-04-20T11:15:00.000Z'],
    ['2020-04-20T11:15', '2020-04-20T11:15:00.000Z'],
    ['2020-04-20T11:15:07', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T11:15:07.5Z', '2020-04-20T11:15:07.500Z'],
    ['2020-04-20T11:15:07.12Z', '2020-04-20T11:15:07.120Z'],
    ['2020-04-20T11:15:07,123Z', '2020-04-20T11:15:07.123Z'],
    ['2020-04-20T11:15:07.123456789Z', '2020-04-20T11:15:07.123Z'],
    ['2020-04-20T20:15:07+09:00', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T20:15:07+0900', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T20:15:07+09', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T07:45:07-03:30', '2020-04-20T11:15:07.000Z'],
    ['2020-04-20T11:15:07-00:00', '2020-04-20T11:15:07.000Z'],
    ['2020-04-21T05:15:07+18:00', '2020-04-20T11:15:07.000Z'],
    ['20200420T111507Z', '2020-04-20T11:15:07.000Z'],
    ['20200420T1115Z', '2020-04-20T11:15:00.000Z'],
    ['20200420T201507.250+0900', '2020-04-20T11:15:07.250Z'],
    ['  2020-04-20T11:15:07Z\n', '2020-04-20T11:15:07.000Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
  ])('%j → %s', (text, expected) => {
    const expectedMs = expected.startsWith('0000') ? -62_167_219_200_000 : at(expected);
    expect(iso(str(text))).toEqual(ok(expectedMs));
    expect(auto(str(text))).toEqual(ok(expectedMs));
  });

  it('reads a leap second as the last ms of its minute, so the hour never changes', () => {
    expect(iso(str('2016-12-31T23:59:60Z'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
    expect(iso(str('2016-12-31T23:59:60.5Z'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
    expect(iso(str('2017-01-01T08:59:60+09:00'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
    expect(iso(str('2016-12-31T23:59:61Z'))).toEqual(fail('impossible-date'));
  });

  it.each([
    '2020-13-01T00:00Z', '2020-00-10T00:00Z', '2020-02-30T00:00Z', '2019-02-29T00:00Z', '1900-02-29T00:00Z',
    '2020-04-31T00:00Z', '2020-04-00T00:00Z', '2020-04-20T24:00Z', '2020-04-20T24:00:00Z', '2020-04-20T25:61:00Z',
    '2020-04-20T10:60Z', '2020-04-20T10:00+18:01', '2020-04-20T10:00-19:00', '2020-04-20T10:00+09:60', '2020-13',
    '2020-02-30',
  ])('%j is impossible-date', (text) => {
    expect(iso(str(text))).toEqual(fail('impossible-date'));
  });

  it.each(['2020-04-20', '2020-04', '20200420', '2020-02-29'])('%j is imprecise (no hour)', (text) => {
    expect(iso(str(text))).toEqual(fail('imprecise'));
  });

  it.each([
    'not-a-date', '2020', '2020-4-20T10:00Z', '2020-04-20T1:00Z', '2020-04-20T10Z', '2020-04-20T10:00:00.Z',
    '2020-04-20T10:00:00.1234567890Z', '2020-04-20T10:00:00ZZ', '2020-04-20T10:00:00+9', '2020-04-20T10:00:00+09:',
    '2020-04-20T10:00:00 +09:00', '2020-04-20  10:00', '2020-04-20X10:00', '2020-04-20Z', '+002020-04-20T10:00Z',
    '2020-04-20T10:00:00Z trailing', '20200420 101500Z', '2020-04-20T10.5', '２０２０-04-20T10:00Z',
  ])('%j is unparseable', (text) => {
    expect(iso(str(text))).toEqual(fail('unparseable'));
  });

  it('puts instants beyond 0000…9999 out of range', () => {
    expect(iso(str('0000-01-01T00:00:00+00:01'))).toEqual(fail('out-of-range'));
    expect(iso(str('9999-12-31T23:59:59-00:01'))).toEqual(fail('out-of-range'));
  });
});

describe('zone-less times in --timestamp-tz', () => {
  const newYork = createEventTimeParser({ kind: 'iso8601' }, loadZone('America/New_York'));
  const london = createEventTimeParser({ kind: 'auto' }, loadZone('Europe/London'));
  const tokyo = createEventTimeParser({ kind: 'iso8601' }, loadZone('+09:00'));

  it('reads them in the zone, and explicit offsets ignore it', () => {
    expect(newYork(str('2020-04-20T10:00:00'))).toEqual(ok(at('2020-04-20T14:00:00Z')));
    expect(newYork(str('2020-01-20T10:00:00'))).toEqual(ok(at('2020-01-20T15:00:00Z')));
    expect(newYork(str('2020-04-20T10:00:00Z'))).toEqual(ok(at('2020-04-20T10:00:00Z')));
    expect(tokyo(str('2020-04-20 20:15:07'))).toEqual(ok(at('2020-04-20T11:15:07Z')));
  });

  it('refuses DST gaps and overlaps rather than guessing', () => {
    expect(newYork(str('2020-03-08T02:30'))).toEqual(fail('nonexistent-local-time'));
    expect(newYork(str('2020-03-08T02:00:00'))).toEqual(fail('nonexistent-local-time'));
    expect(newYork(str('2020-03-08T03:00:00'))).toEqual(ok(at('2020-03-08T07:00:00Z')));
    expect(newYork(str('2020-11-01T01:30'))).toEqual(fail('ambiguous-local-time'));
    expect(newYork(str('2020-11-01T01:30-04:00'))).toEqual(ok(at('2020-11-01T05:30:00Z')));
    expect(newYork(str('2020-11-01T01:30-05:00'))).toEqual(ok(at('2020-11-01T06:30:00Z')));
    expect(london(str('2020-03-29T01:30:00'))).toEqual(fail('nonexistent-local-time'));
    expect(london(str('2020-10-25T01:30:00'))).toEqual(fail('ambiguous-local-time'));
    expect(london(str('2020-10-25T02:00:00'))).toEqual(ok(at('2020-10-25T02:00:00Z')));
    expect(london(str('2020-07-01T12:00:00'))).toEqual(ok(at('2020-07-01T11:00:00Z')));
  });

  it('reads a zone-less leap second in the zone too', () => {
    expect(tokyo(str('2017-01-01T08:59:60'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
    expect(newYork(str('2016-12-31T18:59:60'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
  });
});
