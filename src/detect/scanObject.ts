/**
 * Read one object and classify every record in it: the "read → detect" stage for one object.
 * Streams the object (memory: one decoder's buffers plus the record being decoded), keeps no
 * record bytes, and returns counts and digests per destination.
 */
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import { partitionPathOfLabel } from '../layout/index.js';
import type { Layout, PartitionInfo, PartitionPath } from '../layout/types.js';
import { classifyEventTime, classifyRecord } from '../plan/classify.js';
import type { ClassifyPolicy, Placement, UnplaceableReason } from '../plan/classify.js';
import { DigestAccumulator } from '../plan/digest.js';
import { compilePolicy } from '../plan/policy.js';
import { emptyLagHistogram, lagBucketOf } from '../plan/lag.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import { isArchivedStorageClass, unreproducibleMessage, UnreproducibleObjectError } from '../store/unreproducible.js';
import { createEventTimeBytesParser } from '../time/index.js';
import type { EventTimeBytesParser } from '../time/index.js';
import { detectCompression } from './detectFormat.js';
import type { MoveTally, ObjectScan, ScanSettings, ScanTarget, UnplaceableSample } from './types.js';

/** Per object, keep this many unplaceable locations; the report keeps the first 100 overall. */
const SAMPLES_PER_OBJECT = 20;

export type ObjectScanner = (store: ObjectStore, target: ScanTarget) => Promise<ObjectScan>;

export function createObjectScanner(settings: ScanSettings): ObjectScanner {
  const { layout, policy, timeFieldPath, timeFormat, timestampZone } = compilePolicy(settings);
  const parseTimeBytes = createEventTimeBytesParser(timeFormat, timestampZone);
  return (store, target) => scanObject(store, target, layout, policy, parseTimeBytes, timeFieldPath, settings.format);
}

async function scanObject(
  store: ObjectStore,
  target: ScanTarget,
  layout: Layout,
  policy: ClassifyPolicy,
  parseTimeBytes: EventTimeBytesParser | undefined,
  timeFieldPath: readonly string[],
  format: ScanSettings['format'],
): Promise<ObjectScan> {
  const base = { key: target.key, size: target.size, partition: target.partition };
  // Objects a rewrite could not reproduce are skipped before any write (reliability.md §4.4).
  if (isArchivedStorageClass(target.storageClass)) {
    const reason = 'archived-storage-class';
    return { kind: 'skipped', ...base, etag: target.etag, reason, message: unreproducibleMessage(reason, target.storageClass!) };
  }
  let got;
  try {
    got = await store.get(asObjectKey(target.key));
  } catch (error) {
    if (error instanceof RepartitionError && error.code === 'NOT_FOUND') {
      return { kind: 'skipped', ...base, etag: target.etag, reason: 'vanished', message: 'deleted while the scan ran' };
    }
    if (error instanceof UnreproducibleObjectError) {
      return { kind: 'skipped', ...base, etag: target.etag, reason: error.reason, message: unreproducibleMessage(error.reason, error.detail) };
    }
    throw error;
  }
  const etag = got.info.etag;
  const body = got.body[Symbol.asyncIterator]();
  const first = await body.next();
  const firstChunk = first.done === true ? new Uint8Array(0) : first.value;
  const detected = detectCompression(target.key, firstChunk, format);
  if (detected === 'parquet') {
    await body.return?.();
    return {
      kind: 'skipped',
      ...base,
      size: got.info.size,
      etag,
      reason: 'parquet-not-supported',
      message: 'Parquet objects are left untouched by this version',
    };
  }
  async function* replay(): AsyncIterable<Uint8Array> {
    if (first.done !== true) yield firstChunk;
    for (let next = await body.next(); next.done !== true; next = await body.next()) yield next.value;
  }

  const partition: PartitionInfo = {
    path: target.partition as PartitionPath,
    labelMs: target.partitionLabelMs,
    startMs: target.partitionStartMs,
    endMsExclusive: target.partitionEndMsExclusive,
  };
  const all = new DigestAccumulator();
  const stay = new DigestAccumulator();
  const destinations = new Map<number, { acc: DigestAccumulator; kind: 'late' | 'early' }>();
  const lagHistogram = emptyLagHistogram();
  const unplaceableByReason: Partial<Record<UnplaceableReason, number>> = {};
  const unplaceableSamples: UnplaceableSample[] = [];
  let late = 0;
  let early = 0;
  let earlyMoved = 0;
  let unplaceable = 0;

  try {
    const summary = await decodeJsonl(replay(), { compression: detected, timeFieldPath }, (record) => {
      all.addRange(record.buffer, record.start, record.end);
      // Fast path: the event time read straight from the record's bytes (no string is built). When
      // it does not decide (NaN), the full parser gives the answer classifyRecord always gave.
      let placement: Placement;
      const eventTimeMs =
        record.timeStart >= 0 && parseTimeBytes !== undefined
          ? parseTimeBytes(record.buffer, record.timeStart, record.timeEnd, record.timeIsString)
          : Number.NaN;
      if (Number.isNaN(eventTimeMs)) placement = classifyRecord(policy, partition, record.time);
      else placement = classifyEventTime(policy, partition, eventTimeMs);
      let moveTo: number | null = null;
      switch (placement.kind) {
        case 'placed':
          break;
        case 'late':
          late += 1;
          lagHistogram[lagBucketOf(placement.lagMs)]! += 1;
          moveTo = placement.toLabelMs;
          break;
        case 'early':
          early += 1;
          if (placement.move) {
            earlyMoved += 1;
            moveTo = placement.toLabelMs;
          }
          break;
        case 'unplaceable':
          unplaceable += 1;
          unplaceableByReason[placement.reason] = (unplaceableByReason[placement.reason] ?? 0) + 1;
          if (unplaceableSamples.length < SAMPLES_PER_OBJECT) unplaceableSamples.push({ line: record.line, reason: placement.reason });
          break;
      }
      if (moveTo === null) {
        stay.addHash(all.lastHi, all.lastLo);
        return;
      }
      let destination = destinations.get(moveTo);
      if (destination === undefined) {
        destination = { acc: new DigestAccumulator(), kind: placement.kind === 'late' ? 'late' : 'early' };
        destinations.set(moveTo, destination);
      }
      destination.acc.addHash(all.lastHi, all.lastLo);
    });
    const moves: MoveTally[] = [...destinations.entries()]
      .sort(([a], [b]) => a - b)
      .map(([toLabelMs, { acc, kind }]) => ({
        to: partitionPathOfLabel(layout, toLabelMs),
        toLabelMs,
        kind,
        records: acc.records,
        digest: acc.snapshot(),
      }));
    return {
      kind: 'scanned',
      ...base,
      size: got.info.size,
      etag,
      records: summary.records,
      decodedBytes: summary.decodedBytes,
      digest: all.snapshot(),
      stay: stay.snapshot(),
      moves,
      late,
      early,
      earlyMoved,
      unplaceable,
      unplaceableByReason,
      unplaceableSamples,
      lagHistogram,
      shape: {
        compression: detected,
        delimiter: summary.delimiter,
        finalDelimiter: summary.finalDelimiter,
        bom: summary.bom,
      },
    };
  } catch (error) {
    if (!(error instanceof UnreadableObjectError)) throw error;
    return {
      kind: 'unreadable',
      ...base,
      size: got.info.size,
      etag,
      reason: error.reason,
      message: error.message,
      ...(error.context.line === undefined ? {} : { line: error.context.line }),
      ...(error.context.byteOffset === undefined ? {} : { byteOffset: error.context.byteOffset }),
    };
  }
}
