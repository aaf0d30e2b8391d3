/**
 * Re-reads one source object (pinned to the planned ETag) and sorts its records into the unit's
 * planned outputs with the same classification the planner used. The routed digests must equal
 * the plan's: if they do not, the code or configuration drifted since planning and the unit stops
 * before anything is written.
 *
 * Memory: the unit's records are held (as exact bytes) until they are written, i.e. about one
 * decoded object per unit in flight; `apply` bounds units in flight (see MAX_UNITS_IN_FLIGHT).
 */
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import { parseObjectKey, partitionPathOfLabel } from '../layout/index.js';
import { classifyRecord } from '../plan/classify.js';
import type { ClassifyPolicy } from '../plan/classify.js';
import { DigestAccumulator, formatDigest } from '../plan/digest.js';
import type { PlanUnit } from '../plan/types.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';

export interface RoutedOutput {
  readonly key: string;
  readonly partition: string;
  readonly records: Uint8Array[];
  readonly digest: string;
  readonly isRest: boolean;
}

export type RouteResult =
  | { readonly kind: 'routed'; readonly outputs: readonly RoutedOutput[] }
  | { readonly kind: 'source-changed' }
  | { readonly kind: 'source-missing' }
  | { readonly kind: 'drift'; readonly message: string };

export async function routeRecords(store: ObjectStore, unit: PlanUnit, policy: ClassifyPolicy, timeFieldPath: readonly string[]): Promise<RouteResult> {
  const parsed = parseObjectKey(policy.layout, unit.source.key);
  if (parsed.kind !== 'in-layout') return { kind: 'drift', message: `source key is no longer in the layout: ${parsed.reason}` };
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
    await decodeJsonl(got.body, { compression: unit.shape.compression, timeFieldPath }, (record) => {
      const placement = classifyRecord(policy, parsed.partition, record.time);
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
    outputs.push({ key: planned.key, partition: planned.partition, records: routed.records, digest, isRest: false });
  }
  const restDigest = formatDigest(rest.acc.snapshot());
  const plannedRest = unit.rest?.digest ?? formatDigest(new DigestAccumulator().snapshot());
  if (restDigest !== plannedRest) return { kind: 'drift', message: `records that stay differ from the plan (${restDigest} ≠ ${plannedRest})` };
  if (unit.rest !== null) outputs.push({ key: unit.rest.key, partition: unit.rest.partition, records: rest.records, digest: restDigest, isRest: true });
  return { kind: 'routed', outputs };
}
