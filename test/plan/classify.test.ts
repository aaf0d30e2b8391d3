import { describe, expect, test } from 'vitest';
import { compileLayout, partitionInfoOfLabel, partitionLabelMs } from '../../src/layout/index.js';
import { classifyEventTime, classifyRecord } from '../../src/plan/classify.js';
import type { ClassifyPolicy } from '../../src/plan/classify.js';
import { lagBucketOf, LAG_BUCKET_LABELS } from '../../src/plan/lag.js';
import { compileTimeFormat, createEventTimeParser, loadZone } from '../../src/time/index.js';

const HOUR = 3_600_000;
const tokyo = loadZone('Asia/Tokyo');
const layout = compileLayout('hive', tokyo);
const policy = (overrides: Partial<ClassifyPolicy> = {}): ClassifyPolicy => ({
  layout,
  parseEventTime: createEventTimeParser(compileTimeFormat('auto'), loadZone('UTC')),
  maxLagMs: 7 * 24 * HOUR,
  moveEarly: false,
  ...overrides,
});
// dt=2020-04-20/hour=22 in Tokyo = 13:00Z–14:00Z.
const hour22 = partitionInfoOfLabel(layout, partitionLabelMs(layout, Date.UTC(2020, 3, 20, 13, 30)));
const str = (value: string) => ({ kind: 'string' as const, value });

describe('classifyRecord', () => {
  test('a record in its own partition is placed, at both edges', () => {
    expect(hour22.path).toBe('dt=2020-04-20/hour=22');
    expect(classifyRecord(policy(), hour22, str('2020-04-20T22:00:00.000+09:00'))).toEqual({ kind: 'placed' });
    expect(classifyRecord(policy(), hour22, str('2020-04-20T22:59:59.999+09:00'))).toEqual({ kind: 'placed' });
  });

  test('an earlier event is late, with its destination and lag', () => {
    const placement = classifyRecord(policy(), hour22, str('2020-04-20T20:15:00+09:00'));
    expect(placement).toEqual({ kind: 'late', toLabelMs: Date.UTC(2020, 3, 20, 20), lagMs: 105 * 60_000 });
    // One millisecond before the partition starts is late by 1 ms.
    expect(classifyRecord(policy(), hour22, str('2020-04-20T21:59:59.999+09:00'))).toMatchObject({ kind: 'late', lagMs: 1 });
  });

  test('a later event is early; moved only with --move-early', () => {
    expect(classifyRecord(policy(), hour22, str('2020-04-20T23:05:00+09:00'))).toEqual({
      kind: 'early', toLabelMs: Date.UTC(2020, 3, 20, 23), leadMs: 5 * 60_000, move: false,
    });
    expect(classifyRecord(policy({ moveEarly: true }), hour22, str('2020-04-20T23:05:00+09:00'))).toMatchObject({ kind: 'early', move: true });
  });

  test('--max-lag bounds both directions; exactly max-lag is still movable', () => {
    const p = policy({ maxLagMs: 2 * HOUR });
    expect(classifyEventTime(p, hour22, hour22.startMs - 2 * HOUR)).toMatchObject({ kind: 'late', lagMs: 2 * HOUR });
    expect(classifyEventTime(p, hour22, hour22.startMs - 2 * HOUR - 1)).toEqual({ kind: 'unplaceable', reason: 'lag-exceeds-max' });
    expect(classifyEventTime(p, hour22, hour22.endMsExclusive + 2 * HOUR)).toMatchObject({ kind: 'early' });
    expect(classifyEventTime(p, hour22, hour22.endMsExclusive + 2 * HOUR + 1)).toEqual({ kind: 'unplaceable', reason: 'lead-exceeds-max' });
  });

  test.each([
    [{ kind: 'missing' as const }, 'missing-field'],
    [{ kind: 'null' as const }, 'null-value'],
    [str(''), 'empty-value'],
    [{ kind: 'other' as const, jsonType: 'object' as const }, 'wrong-type'],
    [str('not-a-date'), 'unparseable'],
    [str('2020-04-20T25:61:00Z'), 'impossible-date'],
    [str('2020-04-20'), 'imprecise'],
    [{ kind: 'malformed' as const, detail: 'x' }, 'malformed-record'],
    [{ kind: 'duplicate-field' as const }, 'duplicate-time-field'],
    [str('9999-12-31T23:00:00-05:00'), 'out-of-range'],
  ])('%j is unplaceable: %s', (value, reason) => {
    expect(classifyRecord(policy({ maxLagMs: Number.MAX_SAFE_INTEGER }), hour22, value)).toEqual({ kind: 'unplaceable', reason });
  });

  test('a label beyond year 9999 in the partition zone is out-of-range, not a crash', () => {
    // 9999-12-31T20:00Z is 10000-01-01T05:00 in Tokyo.
    expect(classifyEventTime(policy({ maxLagMs: Number.MAX_SAFE_INTEGER }), hour22, Date.UTC(9999, 11, 31, 20))).toEqual({ kind: 'unplaceable', reason: 'out-of-range' });
  });
});

describe('lag buckets', () => {
  test.each([
    [0, '<1h'], [HOUR - 1, '<1h'], [HOUR, '1-2h'], [2.5 * HOUR, '2-3h'], [5 * HOUR, '3-6h'],
    [11 * HOUR, '6-12h'], [23 * HOUR, '12-24h'], [48 * HOUR, '1-3d'], [72 * HOUR, '>=3d'],
  ])('%d ms → %s', (lag, label) => {
    expect(LAG_BUCKET_LABELS[lagBucketOf(lag)]).toBe(label);
  });
});
