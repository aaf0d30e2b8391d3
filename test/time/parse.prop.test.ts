import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS, createEventTimeParser, labelMsToLocal, loadZone } from '../../src/time/index.js';
import type { EpochUnit } from '../../src/time/index.js';

const utc = loadZone('UTC');
const iso = createEventTimeParser({ kind: 'iso8601' }, utc);
const auto = createEventTimeParser({ kind: 'auto' }, utc);
const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');

/** Our own ISO writer (Date#toISOString is not used, so the test does not share its assumptions). */
function formatIso(labelMs: number, separator: string, fraction: string, zone: string): string {
  const l = labelMsToLocal(labelMs);
  return `${pad(l.year, 4)}-${pad(l.month, 2)}-${pad(l.day, 2)}${separator}${pad(l.hour, 2)}:${pad(l.minute, 2)}:${pad(l.second, 2)}${fraction}${zone}`;
}

function formatOffset(offsetMinutes: number, style: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hh = pad(Math.trunc(offsetMinutes / 60), 2);
  const mm = pad(offsetMinutes % 60, 2);
  if (style === 0 && mm === '00') return `${sign}${hh}`;
  return style === 1 ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}

/** Exact decimal text of `value / 10^places` (BigInt in, no doubles). */
function decimalText(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

const instant = fc.integer({ min: MIN_EVENT_TIME_MS, max: MAX_EVENT_TIME_MS });
const extraDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 6 });

describe('properties: ISO-8601', () => {
  it('any instant written in Z parses back to itself', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom('T', 't', ' '), extraDigits, fc.constantFrom('Z', 'z'), (t, sep, extra, z) => {
        const fraction = `.${pad(((t % 1000) + 1000) % 1000, 3)}${extra}`;
        expect(iso({ kind: 'string', value: formatIso(t, sep, fraction, z) })).toEqual({ ok: true, eventTimeMs: t });
      }),
      { numRuns: 2000 },
    );
  });

  it('any instant written with any offset parses back to itself', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -18 * 60, max: 18 * 60 }), fc.integer({ min: 0, max: 2 }), (t, offsetMinutes, style) => {
        const labelMs = t + offsetMinutes * 60_000;
        fc.pre(labelMs >= MIN_EVENT_TIME_MS && labelMs <= MAX_EVENT_TIME_MS);
        const text = formatIso(labelMs, 'T', `.${pad(((t % 1000) + 1000) % 1000, 3)}`, formatOffset(offsetMinutes, style));
        expect(auto({ kind: 'string', value: text })).toEqual({ ok: true, eventTimeMs: t });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('properties: epochs', () => {
  const subMs = fc.integer({ min: 0, max: 999_999 });
  const units: [EpochUnit, number][] = [['s', 9], ['ms', 6], ['us', 3], ['ns', 0]];
  const parsers = Object.fromEntries(units.map(([unit]) => [unit, createEventTimeParser({ kind: 'epoch', unit }, utc)]));

  it('s, ms, us and ns of any instant floor to the same ms', () => {
    fc.assert(
      fc.property(instant, subMs, fc.boolean(), (t, sub, asString) => {
        const ns = BigInt(t) * 1_000_000n + BigInt(sub);
        for (const [unit, places] of units) {
          const text = decimalText(ns, places);
          const value = asString ? { kind: 'string', value: text } as const : { kind: 'number', literal: text } as const;
          expect(parsers[unit]?.(value)).toEqual({ ok: true, eventTimeMs: t });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('auto picks the same ms for every unit where magnitudes do not overlap (|t| in [1e11, 1e14) ms)', () => {
    const magnitude = fc.integer({ min: 100_000_000_000, max: 99_999_999_999_999 });
    fc.assert(
      fc.property(magnitude, fc.boolean(), subMs, (m, negative, sub) => {
        const t = negative ? -m : m;
        fc.pre(t >= MIN_EVENT_TIME_MS && t <= MAX_EVENT_TIME_MS);
        // A sub-ms part on a negative value would shrink |value| below the bucket's lower bound.
        const ns = BigInt(t) * 1_000_000n + BigInt(negative ? 0 : sub);
        for (const [, places] of units) {
          expect(auto({ kind: 'number', literal: decimalText(ns, places) })).toEqual({ ok: true, eventTimeMs: t });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
