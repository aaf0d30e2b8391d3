/**
 * The unit's `shape` is a union: the JSON-lines framing exactly as before Parquet (untagged, so
 * plans and plan hashes of JSON tables do not change), or `{ format: 'parquet' }`.
 */
import { describe, expect, test } from 'vitest';
import type { ScannedObject } from '../../src/detect/types.js';
import { buildPlan } from '../../src/plan/buildPlan.js';
import { canonicalJson, sha256Hex } from '../../src/plan/canonical.js';
import { EMPTY_DIGEST } from '../../src/plan/digest.js';
import type { Digest } from '../../src/plan/digest.js';
import type { PlanConfig } from '../../src/plan/types.js';

const config: PlanConfig = {
  layout: 'dt={yyyy}-{MM}-{dd}/hour={HH}',
  partitionTz: 'Asia/Tokyo',
  timeField: 'timestamp',
  timeFormat: 'auto',
  timestampTz: 'UTC',
  maxLagMs: 604_800_000,
  moveEarly: false,
  format: 'auto',
};
const digest = (records: number, lo: number): Digest => ({ records, hi: 0, lo });

function scan(key: string, shape: ScannedObject['shape']): ScannedObject {
  return {
    kind: 'scanned', key, etag: '"e"', size: 100, partition: 'dt=2020-04-20/hour=22', records: 3, recordsNotDigested: 0, bytesRead: 100, decodedBytes: 300,
    digest: digest(3, 7), stay: digest(2, 4), late: 1, early: 0, earlyMoved: 0, unplaceable: 0, unplaceableByReason: {}, unplaceableSamples: [], lagHistogram: [1],
    moves: [{ to: 'dt=2020-04-20/hour=21', toLabelMs: 0, kind: 'late', records: 1, digest: digest(1, 3) }],
    shape,
  };
}

const input = (scans: ScannedObject[]) => ({
  tableRoot: 'file:///t/',
  config,
  window: { from: null, to: null },
  scans,
  totals: { objects: 1, records: 3, late: 1, early: 0, unplaceable: 0 },
  checksum: EMPTY_DIGEST,
});

describe('plan unit shapes', () => {
  test('a JSON-lines unit carries exactly the four framing fields, and the plan hash covers exactly the pre-Parquet fields', () => {
    const plan = buildPlan(input([scan('dt=2020-04-20/hour=22/a.json.gz', { compression: 'gzip', delimiter: 'lf', finalDelimiter: true, bom: false })]));
    expect(Object.keys(plan.units[0]!.shape).sort()).toEqual(['bom', 'compression', 'delimiter', 'finalDelimiter']);
    const { planHash, ...body } = plan;
    expect(Object.keys(body).sort()).toEqual(['checksum', 'config', 'configHash', 'tableRoot', 'totals', 'units', 'version', 'window']);
    expect(Object.keys(body.totals).sort()).toEqual(['early', 'late', 'moved', 'objects', 'records', 'units', 'unplaceable']);
    expect(planHash).toBe(sha256Hex(canonicalJson(body)));
  });

  test('a Parquet unit is { format: "parquet" } with outputs named like any other', () => {
    const plan = buildPlan(input([scan('dt=2020-04-20/hour=22/part-0.snappy.parquet', { format: 'parquet' })]));
    const unit = plan.units[0]!;
    expect(unit.shape).toEqual({ format: 'parquet' });
    expect(unit.outputs.map((o) => o.key)).toEqual([`dt=2020-04-20/hour=21/part-0.lr-${unit.unitId}.snappy.parquet`]);
    expect(unit.rest?.key).toBe(`dt=2020-04-20/hour=22/part-0.lr-${unit.unitId}.rest.snappy.parquet`);
    expect(unit.sourceDigest).toBe('3:0000000000000007');
  });
});
