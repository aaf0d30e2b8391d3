/**
 * Re-reads one source object (pinned to the planned ETag) and sorts its records into the unit's
 * planned outputs with the same classification the planner used. The routed digests must equal
 * the plan's: if they do not, the code or configuration drifted since planning and the unit stops
 * before anything is written. Parquet sources go through routeParquet.ts.
 *
 * Memory (JSON lines): the unit's records are held (as exact bytes) until they are written, i.e.
 * about one decoded object per unit in flight; `apply` bounds units in flight (see
 * MAX_UNITS_IN_FLIGHT). Parquet: the encoded outputs, about the object's size (routeParquet.ts).
 */
import { isParquetShape } from '../detect/types.js';
import type { JsonlShape } from '../detect/types.js';
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import type { TimeColumnOptions } from '../formats/parquet/index.js';
import { parseObjectKey, partitionPathOfLabel } from '../layout/index.js';
import type { PartitionInfo } from '../layout/types.js';
import { classifyRecord } from '../plan/classify.js';
import type { ClassifyPolicy } from '../plan/classify.js';
import { DigestAccumulator, formatDigest } from '../plan/digest.js';
import type { PlanUnit } from '../plan/types.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import { routeParquet } from './routeParquet.js';

interface RoutedBase {
  readonly key: string;
  readonly partition: string;
  readonly digest: string;
  readonly isRest: boolean;
}

/** An output ready to write: JSON records (exact bytes) to encode, or an encoded Parquet file. */
export type RoutedOutput =
  | (RoutedBase & { readonly format: 'jsonl'; readonly records: Uint8Array[] })
  | (RoutedBase & {
      readonly format: 'parquet';
      /** The encoded file, in order. */
      readonly parts: readonly Uint8Array[];
      readonly bytes: number;
      /** The source's schema (schemaFingerprint): the output must read back with exactly it. */
      readonly schema: string;
    });

export type RouteResult =
  | { readonly kind: 'routed'; readonly outputs: readonly RoutedOutput[] }
  | { readonly kind: 'source-changed' }
  | { readonly kind: 'source-missing' }
  | { readonly kind: 'drift'; readonly message: string };

/** What routing needs besides the plan: the planner's classification and where the event time is. */
export interface RoutePolicy {
  readonly policy: ClassifyPolicy;
  /** JSON lines: `--time-field` split on dots. */
  readonly timeFieldPath: readonly string[];
  /** Parquet: the time column and how its values are read. */
  readonly timeColumn: TimeColumnOptions;
}

export async function routeRecords(store: ObjectStore, unit: PlanUnit, route: RoutePolicy): Promise<RouteResult> {
  const parsed = parseObjectKey(route.policy.layout, unit.source.key);
  if (parsed.kind !== 'in-layout') return { kind: 'drift', message: `source key is no longer in the layout: ${parsed.reason}` };
  if (isParquetShape(unit.shape)) return routeParquet(store, unit, route.policy, route.timeColumn, parsed.partition);
  return routeJsonl(store, unit, unit.shape, route, parsed.partition);
}

async function routeJsonl(store: ObjectStore, unit: PlanUnit, shape: JsonlShape, { policy, timeFieldPath }: RoutePolicy, partition: PartitionInfo): Promise<RouteResult> {
  const byPartition = new Map<string, { records: Uint8Array[]; acc: DigestAccumulator; key: string }>();
  for (const output of unit.outputs) byPartition.set(output.partition, { records: [], acc: new DigestAccumulator(), key: output.key });
  const rest = { records: [] as Uint8Array[], acc: new DigestAccumulator() };
  let unplanned: string | null = null;

  let got;
  try {
    got = await store.get(asObjectKey(unit.source.key), { ifMatch: unit.source.etag });
  } catch (error) {
    if (error instanceof RepartitionError && error.code === 'PRECONDITION_FAILED') return { kind: 'source-changed' };
    if (error instanceof RepartitionError && error.code === 'NOT_FOUND') return { kind: 'source-missing' };
    throw error;
  }
  try {
    await decodeJsonl(got.body, { compression: shape.compression, timeFieldPath }, (record) => {
      const placement = classifyRecord(policy, partition, record.time);
      const toLabel = placement.kind === 'late' || (placement.kind === 'early' && placement.move) ? placement.toLabelMs : null;
      const target = toLabel === null ? rest : byPartition.get(partitionPathOfLabel(policy.layout, toLabel));
      if (target === undefined) {
        unplanned ??= `a record at line ${record.line} belongs to ${partitionPathOfLabel(policy.layout, toLabel!)}, which the plan has no output for`;
        return;
      }
      target.records.push(Buffer.from(record.bytes)); // the decoder reuses its buffers
      target.acc.add(record.bytes);
    });
  } catch (error) {
    // The same bytes decoded cleanly at plan time: only a code change can get here.
    if (error instanceof UnreadableObjectError) return { kind: 'drift', message: `source no longer decodes: ${error.message}` };
    throw error;
  }
  if (unplanned !== null) return { kind: 'drift', message: unplanned };

  const outputs: RoutedOutput[] = [];
  for (const planned of unit.outputs) {
    const routed = byPartition.get(planned.partition)!;
    const digest = formatDigest(routed.acc.snapshot());
    if (digest !== planned.digest) return { kind: 'drift', message: `records for ${planned.partition} differ from the plan (${digest} ≠ ${planned.digest})` };
    outputs.push({ format: 'jsonl', key: planned.key, partition: planned.partition, records: routed.records, digest, isRest: false });
  }
  const restDigest = formatDigest(rest.acc.snapshot());
  const plannedRest = unit.rest?.digest ?? formatDigest(new DigestAccumulator().snapshot());
  if (restDigest !== plannedRest) return { kind: 'drift', message: `records that stay differ from the plan (${restDigest} ≠ ${plannedRest})` };
  if (unit.rest !== null) outputs.push({ format: 'jsonl', key: unit.rest.key, partition: unit.rest.partition, records: rest.records, digest: restDigest, isRest: true });
  return { kind: 'routed', outputs };
}
