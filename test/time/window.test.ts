import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { loadZone, parseInstant } from '../../src/time/index.js';
import { at } from './helpers.js';

const utc = loadZone('UTC');
const tokyo = loadZone('Asia/Tokyo');
const newYork = loadZone('America/New_York');

describe('parseInstant (--from/--to)', () => {
  it('reads full instants regardless of the zone', () => {
    expect(parseInstant('2020-04-20T10:00:00Z', tokyo, '--from')).toBe(at('2020-04-20T10:00:00Z'));
    expect(parseInstant('2020-04-20T19:00+09:00', newYork, '--from')).toBe(at('2020-04-20T10:00:00Z'));
  });

  it('reads zone-less times and dates in the partition zone', () => {
    expect(parseInstant('2020-04-20T10:00', tokyo, '--from')).toBe(at('2020-04-20T01:00:00Z'));
    expect(parseInstant('2020-04-20', tokyo, '--from')).toBe(at('2020-04-19T15:00:00Z'));
    expect(parseInstant('2020-04-20', utc, '--to')).toBe(at('2020-04-20T00:00:00Z'));
    expect(parseInstant(' 2020-02-29 ', utc, '--to')).toBe(at('2020-02-29T00:00:00Z'));
  });

  it('takes the earlier instant of a DST overlap and the jump for a gap', () => {
    expect(parseInstant('2020-11-01T01:30', newYork, '--from')).toBe(at('2020-11-01T05:30:00Z'));
    expect(parseInstant('2020-03-08T02:30', newYork, '--from')).toBe(at('2020-03-08T07:00:00Z'));
    // Sao Paulo's 2018-11-04 DST began at midnight: the day starts at 01:00 local.
    expect(parseInstant('2018-11-04', loadZone('America/Sao_Paulo'), '--from')).toBe(at('2018-11-04T03:00:00Z'));
  });

  it.each([
    ['yesterday', ''],
    ['2020-04', 'give a full date'],
    ['2020-02-30', 'that date does not exist'],
    ['2020-04-20T25:00Z', 'that time does not exist'],
    ['2020-04-20T10:00+19:00', 'that time does not exist'],
    ['0000-01-01T00:00+01:00', 'years 0000 to 9999 only'],
    ['', ''],
  ])('rejects %j naming the option', (text, problem) => {
    let error: unknown;
    try {
      parseInstant(text, utc, '--to');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const usage = error as UsageError;
    expect(usage.context.option).toBe('--to');
    expect(usage.message).toContain(`Expected \`--to\` to be an ISO-8601 instant or date such as 2020-04-20T00:00:00Z or 2020-04-20, got ${JSON.stringify(text)}`);
    expect(usage.message).toContain(problem);
  });
});
