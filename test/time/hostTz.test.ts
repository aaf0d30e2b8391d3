/**
 * Host-TZ independence: the engine must give identical results under any `TZ`. Each run is a fresh
 * Node process (V8 caches the host zone at startup), running tzProbe.test.ts through vitest.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { probeTimeEngine } from './tzBattery.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const HOST_ZONES = ['UTC', 'Asia/Tokyo', 'America/St_Johns'];
const dir = mkdtempSync(join(tmpdir(), 'tz-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runProbe(tz: string): Promise<{ host: { tz: string; hostOffsetMinutes: number }; results: unknown }> {
  const out = join(dir, `${tz.replace('/', '_')}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', 'test/time/tzProbe.test.ts', '--reporter=dot'], {
      cwd: ROOT,
      env: { ...process.env, TZ: tz, TIME_TZ_PROBE_OUT: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`probe under TZ=${tz} exited ${code}: ${stderr}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')) as never);
    });
  });
}

it('gives identical results under TZ=UTC, Asia/Tokyo and America/St_Johns', async () => {
  const runs = await Promise.all(HOST_ZONES.map(runProbe));
  // The host zone really differed (St John's is -03:30 in January), so the comparison means something.
  expect(runs.map((run) => run.host.hostOffsetMinutes)).toEqual([0, -540, 210]);
  const expected = JSON.parse(JSON.stringify(probeTimeEngine())) as unknown;
  for (const run of runs) expect(run.results).toEqual(expected);
}, 60_000);
