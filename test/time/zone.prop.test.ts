import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadZone, utcToLocal } from '../../src/time/index.js';

const ZONES = [
  'America/New_York', 'Europe/London', 'Asia/Tokyo', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu',
  'Pacific/Chatham', 'Europe/Dublin', 'America/Sao_Paulo', 'Africa/Casablanca', 'Asia/Kolkata',
];

/** Offset straight from Intl, computed independently of the engine (years 1850–2200 only). */
function intlOffsetMs(zoneName: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zoneName, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(utcMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return local - Math.floor(utcMs / 1000) * 1000;
}

const zoneName = fc.constantFrom(...ZONES);
const anyInstant = fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2200, 0, 1) });
/** Instants within two hours of a 2020/2021 DST change, where bugs live. */
const nearTransition = fc
  .tuple(
    fc.constantFrom(
      Date.UTC(2020, 2, 8, 7), Date.UTC(2020, 10, 1, 6), Date.UTC(2020, 2, 29, 1), Date.UTC(2020, 9, 25, 1),
      Date.UTC(2020, 3, 4, 15), Date.UTC(2020, 9, 3, 15), Date.UTC(2021, 3, 4, 15), Date.UTC(2020, 2, 8, 5, 30),
    ),
    fc.integer({ min: -7_200_000, max: 7_200_000 }),
  )
  .map(([base, delta]) => base + delta);
const instant = fc.oneof(anyInstant, nearTransition);

describe('properties: zones', () => {
  it('offsetMsAt agrees with Intl', () => {
    fc.assert(
      fc.property(zoneName, instant, (name, t) => {
        expect(loadZone(name).offsetMsAt(t)).toBe(intlOffsetMs(name, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('resolveLocal(utcToLocal(t)) contains t', () => {
    fc.assert(
      fc.property(zoneName, instant, (name, t) => {
        const zone = loadZone(name);
        const resolution = zone.resolveLocal(utcToLocal(zone, t));
        switch (resolution.kind) {
          case 'unique':
            expect(resolution.utcMs).toBe(t);
            break;
          case 'ambiguous':
            expect([resolution.earlierUtcMs, resolution.laterUtcMs]).toContain(t);
            expect(resolution.earlierUtcMs).toBeLessThan(resolution.laterUtcMs);
            break;
          case 'nonexistent':
            expect.fail(`${name}: a local time read from ${t} cannot be nonexistent`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('fixed offsets resolve and read back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -18 * 60, max: 18 * 60 }), anyInstant, (minutes, t) => {
        const sign = minutes < 0 ? '-' : '+';
        const name = `${sign}${String(Math.trunc(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
        const zone = loadZone(name);
        expect(zone.offsetMsAt(t)).toBe(minutes * 60_000);
        expect(zone.resolveLocal(utcToLocal(zone, t))).toEqual({ kind: 'unique', utcMs: t });
      }),
    );
  });
});
