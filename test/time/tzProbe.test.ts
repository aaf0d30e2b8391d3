/**
 * Run normally, this only checks the battery is computed; run by hostTz.test.ts with
 * `TIME_TZ_PROBE_OUT=<file>` under different `TZ` values, it writes the results to that file so the
 * parent can compare runs (a process's TZ cannot be changed reliably in-process).
 */
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { probeTimeEngine } from './tzBattery.js';

it('computes the probe battery (and writes it when asked by hostTz.test.ts)', () => {
  const results = probeTimeEngine();
  expect(JSON.stringify(results).length).toBeGreaterThan(1000);
  const out = process.env['TIME_TZ_PROBE_OUT'];
  if (out !== undefined) {
    const host = { tz: process.env['TZ'], hostOffsetMinutes: new Date(Date.UTC(2020, 0, 1)).getTimezoneOffset() };
    writeFileSync(out, JSON.stringify({ host, results }));
  }
});
