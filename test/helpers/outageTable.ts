/** Writes a generated outage day into a temp folder for end-to-end tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateOutageDay } from '../../src/demo/outage.js';
import type { OutageDayOptions, OutageTruth } from '../../src/demo/outage.js';

export async function makeOutageTable(options: OutageDayOptions): Promise<{ root: string; truth: OutageTruth }> {
  const root = mkdtempSync(path.join(tmpdir(), 'lr-table-'));
  const truth = await generateOutageDay(options, async (key, bytes) => {
    const file = path.join(root, ...key.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  });
  return { root, truth };
}
