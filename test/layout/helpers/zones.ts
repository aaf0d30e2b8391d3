/**
 * Test helpers for the layout engine: real zones (src/time/zone.ts), instants from ISO text, and
 * the offset transitions of a zone so properties can aim at DST edges instead of hoping to hit one.
 */
import type { Zone } from '../../../src/time/types.js';
import { loadZone } from '../../../src/time/zone.js';

/** Epoch ms of an ISO instant with an explicit `Z` (never read in the host's zone). */
export function ms(isoUtc: string): number {
  if (!isoUtc.endsWith('Z')) throw new Error(`test instants must end in Z: ${isoUtc}`);
  return Date.parse(isoUtc);
}

/** ISO text of an instant, for readable failure messages. */
export const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** Zones the properties run in: no DST, DST, half-hour DST, odd-minute transitions, :45 offsets. */
export const PROPERTY_ZONE_NAMES = ['UTC', 'Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu'] as const;

export const zone = (name: string): Zone => loadZone(name);

/** Instants where `zone`'s offset changes in [fromMs, toMs), found by stepping 6 h then bisecting. */
export function transitionsOf(z: Zone, fromMs: number, toMs: number): number[] {
  const STEP_MS = 6 * 3_600_000; // no zone changes offset twice within 6 hours
  const found: number[] = [];
  for (let t = fromMs; t < toMs; t += STEP_MS) {
    const before = z.offsetMsAt(t);
    if (z.offsetMsAt(t + STEP_MS) === before) continue;
    let lo = t;
    let hi = t + STEP_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (z.offsetMsAt(mid) === before) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}
