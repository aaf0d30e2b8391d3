import { describe, expect, it } from 'vitest';
import { compileTimeFormat, createEventTimeParser, loadZone } from '../../src/time/index.js';
import type { TimeFailureReason, Zone } from '../../src/time/index.js';
import { at, num, str } from './helpers.js';

const ok = (eventTimeMs: number) => ({ ok: true, eventTimeMs });
const fail = (reason: TimeFailureReason) => ({ ok: false, reason });
const parser = (pattern: string, zone: Zone = loadZone('UTC')) => createEventTimeParser(compileTimeFormat(pattern), zone);

describe('patterns', () => {
  const apache = parser('dd/MMM/yyyy:HH:mm:ss Z');

  it('reads Apache access-log times', () => {
    expect(apache(str('20/Apr/2020:20:15:07 +0900'))).toEqual(ok(at('2020-04-20T11:15:07Z')));
    expect(apache(str('20/apr/2020:20:15:07 -0000'))).toEqual(ok(at('2020-04-20T20:15:07Z')));
    expect(apache(str('01/DEC/2019:00:00:00 +0100'))).toEqual(ok(at('2019-11-30T23:00:00Z')));
    expect(parser('[dd/MMM/yyyy:HH:mm:ss Z]')(str('[29/Feb/2020:23:59:59 -0700]'))).toEqual(ok(at('2020-03-01T06:59:59Z')));
  });

  it.each([
    ['20/Apr/2020:20:15:07 +09:00', 'unparseable'], // Z means +HHMM
    ['20/Apr/2020:20:15:07 Z', 'unparseable'],
    ['20/Apx/2020:20:15:07 +0900', 'unparseable'],
    ['20/April/2020:20:15:07 +0900', 'unparseable'],
    ['20/Apr/2020:20:15:07', 'unparseable'],
    ['20/Apr/2020:20:15:07 +0900 x', 'unparseable'],
    ['20/Apr/2020 20:15:07 +0900', 'unparseable'],
    ['31/Apr/2020:20:15:07 +0900', 'impossible-date'],
    ['29/Feb/2019:20:15:07 +0900', 'impossible-date'],
    ['20/Apr/2020:24:00:00 +0900', 'impossible-date'],
    ['20/Apr/2020:20:15:07 +1900', 'impossible-date'],
    ['20/Apr/2020:20:15:07 +0960', 'impossible-date'],
  ] as const)('%j → %s', (text, reason) => {
    expect(apache(str(text))).toEqual(fail(reason));
  });

  it('reads zone-less patterns in --timestamp-tz, refusing DST gaps and overlaps', () => {
    const plain = parser('yyyy-MM-dd HH:mm:ss', loadZone('America/New_York'));
    expect(plain(str('2020-04-20 10:00:00'))).toEqual(ok(at('2020-04-20T14:00:00Z')));
    expect(plain(str('2020-03-08 02:30:00'))).toEqual(fail('nonexistent-local-time'));
    expect(plain(str('2020-11-01 01:30:00'))).toEqual(fail('ambiguous-local-time'));
    expect(parser('yyyy-MM-dd HH:mm:ss')(str('2020-04-20 10:00:00'))).toEqual(ok(at('2020-04-20T10:00:00Z')));
  });

  it('handles fractions, compact patterns, quoted literals, X and XXX', () => {
    expect(parser("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")(str('2020-04-20T20:15:07.123+09:00'))).toEqual(ok(at('2020-04-20T11:15:07.123Z')));
    expect(parser("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")(str('2020-04-20T11:15:07.123Z'))).toEqual(ok(at('2020-04-20T11:15:07.123Z')));
    expect(parser("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")(str('2020-04-20T11:15:07.123+0900'))).toEqual(fail('unparseable'));
    expect(parser("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")(str('2020-04-20T11:15:07.12Z'))).toEqual(fail('unparseable'));
    expect(parser('yyyyMMddHHmmssSSSSSS')(str('20200420111507123456'))).toEqual(ok(at('2020-04-20T11:15:07.123Z')));
    expect(parser('yyyyMMddHHmmssSSSSSSSSS')(str('20200420111507999999999'))).toEqual(ok(at('2020-04-20T11:15:07.999Z')));
    expect(parser('yyyyMMddHHmmss S')(str('20200420111507 5'))).toEqual(ok(at('2020-04-20T11:15:07.500Z')));
    for (const [text, iso] of [['2020-04-20 20 +09', '2020-04-20T11:00:00Z'], ['2020-04-20 20 +0930', '2020-04-20T10:30:00Z'], ['2020-04-20 11 Z', '2020-04-20T11:00:00Z']]) {
      expect(parser('yyyy-MM-dd HH X')(str(text as string))).toEqual(ok(at(iso as string)));
    }
    expect(parser('yyyy-MM-dd HH X')(str('2020-04-20 20 +09:00'))).toEqual(fail('unparseable'));
    expect(parser("yyyy-MM-dd 'at' HH'h'")(str('2020-04-20 at 11h'))).toEqual(ok(at('2020-04-20T11:00:00Z')));
    expect(parser("yyyy-MM-dd 'at' HH'h'")(str('2020-04-20 AT 11h'))).toEqual(fail('unparseable'));
  });

  it('reads a leap second as the last ms of its minute', () => {
    expect(parser('yyyy-MM-dd HH:mm:ss')(str('2016-12-31 23:59:60'))).toEqual(ok(at('2016-12-31T23:59:59.999Z')));
  });

  it('applies to the literal text of numbers too', () => {
    expect(parser('yyyyMMddHH')(num('2020042011'))).toEqual(ok(at('2020-04-20T11:00:00Z')));
    expect(parser('yyyyMMddHH')(num('2020042011.5'))).toEqual(fail('unparseable'));
  });
});
