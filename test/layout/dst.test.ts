/**
 * Every hour of 2020 in two DST zones: round trip, monotone labels, exactly one repeated and one
 * missing local hour per zone, and every instant inside its partition's span.
 */
import { describe, expect, test } from 'vitest';
import { compileLayout, parseObjectKey, partitionInfoOfLabel, partitionLabelMs, partitionPathOfLabel } from '../../src/layout/index.js';
import { iso, ms, zone } from './helpers/zones.js';

const HOUR = 3_600_000;

describe.each([
  ['America/New_York', '2020-11-01T01:00:00Z', '2020-03-08T02:00:00Z'],
  ['Europe/London', '2020-10-25T01:00:00Z', '2020-03-29T01:00:00Z'],
])('every UTC hour of 2020 in %s', (zoneName, repeatedLabelIso, skippedLabelIso) => {
  const layout = compileLayout('hive', zone(zoneName));
  const labels: number[] = [];
  for (let t = ms('2020-01-01T00:00:00Z'); t < ms('2021-01-01T00:00:00Z'); t += HOUR) {
    labels.push(partitionLabelMs(layout, t));
  }

  test('8784 hours, each path parses back to its label, and the span holds the instant', () => {
    expect(labels).toHaveLength(8784);
    const failures: string[] = [];
    labels.forEach((label, k) => {
      const t = ms('2020-01-01T00:00:00Z') + k * HOUR;
      const path = partitionPathOfLabel(layout, label);
      const parsed = parseObjectKey(layout, `${path}/part-0.json`);
      const info = partitionInfoOfLabel(layout, label);
      const ok = parsed.kind === 'in-layout' && parsed.partition.labelMs === label && parsed.partition.path === path && info.startMs <= t && t < info.endMsExclusive;
      if (!ok) failures.push(`${iso(t)} → ${path}`);
    });
    expect(failures).toEqual([]);
  });

  test('labels never go backwards', () => {
    const backwards = labels.filter((label, k) => k > 0 && label < (labels[k - 1] as number));
    expect(backwards).toEqual([]);
  });

  test(`exactly one local hour repeats (${repeatedLabelIso}) and spans two real hours`, () => {
    const repeated = labels.filter((label, k) => k > 0 && label === labels[k - 1]);
    expect(repeated.map(iso)).toEqual([iso(ms(repeatedLabelIso))]);
    const info = partitionInfoOfLabel(layout, ms(repeatedLabelIso));
    expect(info.endMsExclusive - info.startMs).toBe(2 * HOUR);
  });

  test(`exactly one local hour never appears (${skippedLabelIso}) and its span is empty`, () => {
    const seen = new Set(labels);
    const missing: number[] = [];
    for (let label = labels[0] as number; label <= (labels[labels.length - 1] as number); label += HOUR) {
      if (!seen.has(label)) missing.push(label);
    }
    expect(missing.map(iso)).toEqual([iso(ms(skippedLabelIso))]);
    const info = partitionInfoOfLabel(layout, ms(skippedLabelIso));
    expect(info.endMsExclusive).toBe(info.startMs);
  });
});
