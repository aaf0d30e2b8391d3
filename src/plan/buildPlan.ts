/** Turns the scans of objects with records to move into the plan (PURE, deterministic). */
import type { ScannedObject } from '../detect/types.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { formatDigest } from './digest.js';
import type { Digest } from './digest.js';
import { movedOutputKey, restOutputKey, unitIdOf } from './names.js';
import type { Plan, PlanConfig, PlanTotals, PlanUnit } from './types.js';

export interface PlanInput {
  readonly tableRoot: string;
  readonly config: PlanConfig;
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** Objects with at least one record to move, in any order. */
  readonly scans: readonly ScannedObject[];
  readonly totals: Omit<PlanTotals, 'moved' | 'units'>;
  readonly checksum: Digest;
}

export function configHashOf(config: PlanConfig): string {
  return sha256Hex(canonicalJson(config));
}

export function buildPlan(input: PlanInput): Plan {
  const configHash = configHashOf(input.config);
  const units = [...input.scans]
    .sort((a, b) => (a.key === b.key ? 0 : Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))))
    .map((scan) => planUnit(scan, configHash));
  const moved = units.reduce((sum, unit) => sum + unit.outputs.reduce((s, o) => s + o.records, 0), 0);
  const body = {
    version: 1 as const,
    tableRoot: input.tableRoot,
    config: input.config,
    configHash,
    window: input.window,
    units,
    totals: { ...input.totals, moved, units: units.length },
    checksum: formatDigest(input.checksum),
  };
  return { ...body, planHash: sha256Hex(canonicalJson(body)) };
}

function planUnit(scan: ScannedObject, configHash: string): PlanUnit {
  const unitId = unitIdOf(scan.key, scan.etag, configHash);
  const name = scan.key.slice(scan.partition.length + 1);
  return {
    unitId,
    source: { key: scan.key, etag: scan.etag, size: scan.size, partition: scan.partition },
    shape: scan.shape,
    outputs: scan.moves.map((move) => ({
      partition: move.to,
      key: movedOutputKey(move.to, name, unitId),
      records: move.records,
      digest: formatDigest(move.digest),
    })),
    rest:
      scan.stay.records === 0
        ? null
        : { partition: scan.partition, key: restOutputKey(scan.partition, name, unitId), records: scan.stay.records, digest: formatDigest(scan.stay) },
    sourceDigest: formatDigest(scan.digest),
  };
}
