/**
 * The planner's invariants for any generated table (TESTING.md tier 1):
 * - the multiset of records is preserved: per unit, outputs + rest = source; over the table, the
 *   untouched objects plus every unit's outputs and rest give the checksum of everything read;
 * - every placeable record is planned into the partition of its event time, computed here with
 *   plain fixed-offset arithmetic (independent of the layout engine);
 * - planning is deterministic: a shuffled listing order gives the same plan hash.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DigestAccumulator, combineDigests, formatDigest, parseDigest } from '../../src/plan/digest.js';
import type { Digest } from '../../src/plan/digest.js';
import { scanAndPlan } from '../../src/run.js';
import { resolveScanRun } from '../../src/runOptions.js';
import { createLogger } from '../../src/log.js';
import { MemoryStore } from '../helpers/memoryStore.js';
import { CountingStore } from '../../src/store/counting.js';

const HOUR = 3_600_000;
const BASE = Date.UTC(2020, 3, 20, 0);
const silent = createLogger({ format: 'json', level: 'error', write: () => undefined, now: () => 0, showProgress: false });

interface GenRecord {
  readonly offsetMinutes: number | null; // null → no timestamp
  readonly style: 'iso' | 'epoch_ms' | 'zoned';
  readonly payload: string;
}

const record = fc.record({
  offsetMinutes: fc.option(fc.integer({ min: -26 * 60, max: 26 * 60 }), { freq: 8 }),
  style: fc.constantFrom('iso', 'epoch_ms', 'zoned'),
  payload: fc.string({ maxLength: 12 }),
});
const object = fc.record({
  hour: fc.integer({ min: 0, max: 23 }),
  gzip: fc.boolean(),
  crlf: fc.boolean(),
  records: fc.array(record, { minLength: 1, maxLength: 12 }),
});
const zoneHours = fc.constantFrom(0, 9, -5); // UTC, Asia/Tokyo, fixed -05:00
const ZONE_NAME: Record<number, string> = { 0: 'UTC', 9: 'Asia/Tokyo', [-5]: '-05:00' };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
function pathOfLabelHour(labelHour: number): string {
  const d = new Date(labelHour * HOUR);
  return `dt=${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}/hour=${pad(d.getUTCHours())}`;
}

function recordBytes(r: GenRecord, eventMs: number | null, index: number): Buffer {
  const fields: string[] = [];
  if (eventMs !== null) {
    if (r.style === 'epoch_ms') fields.push(`"timestamp":${eventMs}`);
    else if (r.style === 'zoned') fields.push(`"timestamp":"${new Date(eventMs + 9 * HOUR).toISOString().slice(0, 23)}+09:00"`);
    else fields.push(`"timestamp":"${new Date(eventMs).toISOString()}"`);
  }
  fields.push(`"i":${index}`, `"p":${JSON.stringify(r.payload)}`);
  return Buffer.from(`{${fields.join(',')}}`);
}

describe('planner invariants (fast-check)', () => {
  test('multiset preserved, placeable records planned into their event partition, deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(object, { minLength: 1, maxLength: 8 }), zoneHours, fc.boolean(), async (objects, zoneHour, moveEarly) => {
        const store = new MemoryStore();
        const expected = new Map<string, DigestAccumulator>(); // destination key → digest of records planned there
        const expectedStay = new Map<string, DigestAccumulator>();
        objects.forEach((obj, n) => {
          const partitionLabelHour = BASE / HOUR + obj.hour; // label hours: local wall clock read as UTC
          const partition = pathOfLabelHour(partitionLabelHour);
          const key = `${partition}/obj-${n}${obj.gzip ? '.gz' : '.json'}`;
          const lines = obj.records.map((r, i) => {
            // The event lies `offsetMinutes` from the partition's start; real instant = label − zone offset.
            const eventMs = r.offsetMinutes === null ? null : (partitionLabelHour * HOUR - zoneHour * HOUR) + r.offsetMinutes * 60_000;
            const bytes = recordBytes(r, eventMs, i);
            const targetLabel = eventMs === null ? null : Math.floor((eventMs + zoneHour * HOUR) / HOUR);
            const moves = targetLabel !== null && (targetLabel < partitionLabelHour || (moveEarly && targetLabel > partitionLabelHour));
            const bucket = moves ? `${key} → ${pathOfLabelHour(targetLabel!)}` : key;
            const map = moves ? expected : expectedStay;
            const acc = map.get(bucket) ?? new DigestAccumulator();
            acc.add(bytes);
            map.set(bucket, acc);
            return bytes;
          });
          const text = Buffer.concat(lines.flatMap((l) => [l, Buffer.from(obj.crlf ? '\r\n' : '\n')]));
          store.put(key, obj.gzip ? gzipSync(text) : text);
        });

        const options = resolveScanRun({ 'partition-tz': ZONE_NAME[zoneHour], 'move-early': moveEarly, 'max-lag': '7d' }, 0);
        const context = { store: new CountingStore(store), storeConfig: { kind: 'local' as const, rootPath: '/nonexistent' }, log: silent, now: () => 0, toolVersion: 'test' };
        const { plan } = await scanAndPlan({ ...options, workers: 0 }, context);

        // Every record is accounted for exactly once.
        const parts: Digest[] = [];
        const unitSources = new Set(plan.units.map((u) => u.source.key));
        for (const [key, entry] of store.objects) {
          if (!unitSources.has(key)) {
            const acc = new DigestAccumulator();
            // Untouched objects keep all their records: their digest is what the scan saw.
            parts.push(expectedStay.get(key)?.snapshot() ?? acc.snapshot());
            void entry;
          }
        }
        for (const unit of plan.units) {
          const outputs = unit.outputs.map((o) => parseDigest(o.digest)!);
          const rest = unit.rest === null ? [] : [parseDigest(unit.rest.digest)!];
          expect(formatDigest(combineDigests([...outputs, ...rest]))).toBe(unit.sourceDigest);
          parts.push(...outputs, ...rest);
          // Each output holds exactly the records the independent arithmetic sends there.
          for (const output of unit.outputs) {
            expect(output.digest).toBe(formatDigest(expected.get(`${unit.source.key} → ${output.partition}`)!.snapshot()));
            expect(output.key.startsWith(`${output.partition}/`)).toBe(true);
          }
          expect(unit.rest === null ? '0:0000000000000000' : unit.rest.digest).toBe(formatDigest(expectedStay.get(unit.source.key)?.snapshot() ?? new DigestAccumulator().snapshot()));
        }
        expect(formatDigest(combineDigests(parts))).toBe(plan.checksum);
        // No destination was planned that the arithmetic did not expect, and none was missed.
        const planned = new Set(plan.units.flatMap((u) => u.outputs.map((o) => `${u.source.key} → ${o.partition}`)));
        expect(planned).toEqual(new Set(expected.keys()));

        // Deterministic: another chunking and listing order give the same plan.
        store.chunkSize = 4096;
        const again = await scanAndPlan({ ...options, workers: 0, concurrency: 1 }, context);
        expect(again.plan.planHash).toBe(plan.planHash);
      }),
      { numRuns: 150 },
    );
  });
});
