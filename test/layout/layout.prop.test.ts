/**
 * Properties of the layout engine over 1970–2100 in zones with no DST, DST, half-hour DST (Lord
 * Howe), odd-minute transitions (St Johns until 2011) and :45 offsets (Kathmandu). Half the instants
 * are drawn within hours of a real offset transition, where the bugs would be.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileLayout, parseObjectKey, partitionInfoOfLabel, partitionLabelMs, partitionValues, partitionsInWindow } from '../../src/layout/index.js';
import { PROPERTY_ZONE_NAMES, ms, transitionsOf, zone } from './helpers/zones.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const SPECS = ['hive', 'hive-ymdh', 'firehose', 'dt={yyyy-MM-dd}', '{yyyy}/{MM}/{dd}/{HH}/{mm}', 'dt={yyyyMMdd}/hm={HH}{mm}'] as const;
const layouts = PROPERTY_ZONE_NAMES.flatMap((zoneName) => SPECS.map((spec) => ({ zoneName, spec, layout: compileLayout(spec, zone(zoneName)) })));

const transitionsByZone = new Map(PROPERTY_ZONE_NAMES.map((name) => [name, transitionsOf(zone(name), ms('2005-01-01T00:00:00Z'), ms('2025-01-01T00:00:00Z'))]));
const uniformInstant = fc.integer({ min: ms('1970-01-01T00:00:00Z'), max: ms('2100-12-31T23:59:59Z') });

/** A layout, and an instant drawn either uniformly or within 3 h of one of ITS zone's transitions. */
const anyCase = fc.constantFrom(...layouts).chain(({ zoneName, layout }) => {
  const near = transitionsByZone.get(zoneName) ?? [];
  const instant =
    near.length === 0
      ? uniformInstant
      : fc.oneof(uniformInstant, fc.tuple(fc.constantFrom(...near), fc.integer({ min: -3 * HOUR, max: 3 * HOUR })).map(([t, d]) => t + d));
  return fc.tuple(fc.constant(layout), instant);
});

describe('layout properties', () => {
  test('the transition list really has DST edges in it', () => {
    expect(transitionsByZone.get('America/St_Johns')?.length).toBe(40);
    expect(transitionsByZone.get('Asia/Tokyo')).toEqual([]);
  });

  test('an instant lies in its partition, whose path parses back strictly to the same label', () => {
    fc.assert(
      fc.property(anyCase, ([layout, t]) => {
        const label = partitionLabelMs(layout, t);
        const info = partitionInfoOfLabel(layout, label);
        expect(info.labelMs).toBe(label);
        expect(info.startMs).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(info.endMsExclusive);
        // The span is tight: its first and last ms belong to this partition.
        expect(partitionLabelMs(layout, info.startMs)).toBe(label);
        expect(partitionLabelMs(layout, info.endMsExclusive - 1)).toBe(label);
        const parsed = parseObjectKey(layout, `${info.path}/a/b.json`);
        expect(parsed).toEqual({ kind: 'in-layout', partition: info, name: 'a/b.json' });
        // Catalog values spell the path back.
        const joined = partitionValues(layout, info.path).map(({ name, value }) => (name.startsWith('partition_') ? value : `${name}=${value}`));
        expect(joined.join('/')).toBe(info.path);
      }),
      { numRuns: 2_000 },
    );
  });

  test('partitionsInWindow returns exactly the distinct labels of the instants in the window', () => {
    // Window lengths scale with granularity; minute steps (plus the last ms) visit every run of equal
    // labels, since every offset in 1970–2100 changes on a whole minute.
    const windowMaxMs = { minute: 3 * HOUR, hour: 48 * HOUR, day: 10 * 24 * HOUR } as const;
    fc.assert(
      fc.property(anyCase, fc.double({ min: 0, max: 1, noNaN: true }), ([layout, from], fraction) => {
        const to = from + Math.floor(fraction * windowMaxMs[layout.granularity]);
        const expected = new Set<number>();
        for (let t = from; t < to; t += MINUTE) expected.add(partitionLabelMs(layout, t));
        if (to > from) expected.add(partitionLabelMs(layout, to - 1));
        const listed = partitionsInWindow(layout, from, to);
        expect(listed.map((p) => p.labelMs)).toEqual([...expected].sort((a, b) => a - b));
        expect(listed.every((p) => p.startMs < to && from < p.endMsExclusive)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });
});
