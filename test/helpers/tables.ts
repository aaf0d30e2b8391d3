/** A small generated outage table, made once per test file and copied per scenario. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OutageDayOptions } from '../../src/demo/outage.js';
import { makeOutageTable } from './outageTable.js';

/** 18:00–24:00 JST of the outage day: the stall, the burst, and ordinary boundary lateness. */
export const SMALL_OUTAGE: OutageDayOptions = { recordsPerHour: 240, fromHour: 18, toHour: 24, earlyOneIn: 53, unplaceableOneIn: 97 };
export const TABLE_FLAGS = ['--partition-tz', 'Asia/Tokyo', '--time-field', 'timestamp'];

export async function tableTemplate(options: OutageDayOptions = SMALL_OUTAGE): Promise<() => string> {
  const { root } = await makeOutageTable(options);
  return () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'lr-case-'));
    cpSync(root, copy, { recursive: true });
    return copy;
  };
}
