/**
 * Read one object and classify every record in it: the "read → detect" stage for one object.
 * Keeps no record bytes and returns counts and digests per destination.
 *
 * Which codec: `--format parquet`, or (auto) a `.parquet` name, goes straight to ranged reads
 * (scanParquet.ts: footer first, then only what is needed); any other object is streamed, and its
 * first bytes decide (auto): `PAR1` stops the stream and switches to ranged reads, gzip magic
 * selects gunzip, anything else is read as JSON lines. Memory for JSON: one decoder's buffers plus
 * the record being decoded.
 */
import { RepartitionError } from '../errors.js';
import { decodeJsonl, UnreadableObjectError } from '../formats/jsonl/index.js';
import type { Layout } from '../layout/types.js';
import { classifyEventTime, classifyRecord } from '../plan/classify.js';
import type { ClassifyPolicy, Placement } from '../plan/classify.js';
import { DigestAccumulator } from '../plan/digest.js';
import { compilePolicy } from '../plan/policy.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import { isArchivedStorageClass, unreproducibleMessage, UnreproducibleObjectError } from '../store/unreproducible.js';
import { createEventTimeBytesParser } from '../time/index.js';
import type { EventTimeBytesParser } from '../time/index.js';
import { detectCompression, isParquetName } from './detectFormat.js';
import { partitionInfoOf } from './partitionInfo.js';
import { scanParquet } from './scanParquet.js';
import type { ParquetScanPolicy } from './scanParquet.js';
import { DestinationDigests, PlacementTally } from './tally.js';
import type { ObjectScan, ScanSettings, ScanTarget } from './types.js';

export type ObjectScanner = (store: ObjectStore, target: ScanTarget) => Promise<ObjectScan>;

/** Bytes of an object's start that decide its format (`PAR1`, or gzip's two magic bytes). */
const MAGIC_BYTES = 4;

interface JsonlScanPolicy {
  readonly layout: Layout;
  readonly policy: ClassifyPolicy;
  readonly parseTimeBytes: EventTimeBytesParser | undefined;
  readonly timeFieldPath: readonly string[];
  readonly format: ScanSettings['format'];
}

export function createObjectScanner(settings: ScanSettings): ObjectScanner {
  const { layout, policy, timeFieldPath, timeFormat, timestampZone } = compilePolicy(settings);
  const json: JsonlScanPolicy = { layout, policy, parseTimeBytes: createEventTimeBytesParser(timeFormat, timestampZone), timeFieldPath, format: settings.format };
  const parquet: ParquetScanPolicy = { layout, policy, timeColumn: { timeField: settings.timeField, timeFormat, timestampZone } };
  return (store, target) => scanObject(store, target, json, parquet);
}

async function scanObject(store: ObjectStore, target: ScanTarget, json: JsonlScanPolicy, parquet: ParquetScanPolicy): Promise<ObjectScan> {
  const base = { key: target.key, size: target.size, partition: target.partition };
  // Objects a rewrite could not reproduce are skipped before any write (reliability.md §4.4).
  if (isArchivedStorageClass(target.storageClass)) {
    const reason = 'archived-storage-class';
    return { kind: 'skipped', ...base, etag: target.etag, reason, message: unreproducibleMessage(reason, target.storageClass!), bytesRead: 0 };
  }
  if (json.format === 'parquet' || (json.format === 'auto' && isParquetName(target.key))) {
    return scanParquet(store, target, { etag: target.etag, size: target.size }, parquet, 0);
  }
  let got;
  try {
    got = await store.get(asObjectKey(target.key));
  } catch (error) {
    if (error instanceof RepartitionError && error.code === 'NOT_FOUND') {
      return { kind: 'skipped', ...base, etag: target.etag, reason: 'vanished', message: 'deleted while the scan ran', bytesRead: 0 };
    }
    if (error instanceof UnreproducibleObjectError) {
      return { kind: 'skipped', ...base, etag: target.etag, reason: error.reason, message: unreproducibleMessage(error.reason, error.detail), bytesRead: 0 };
    }
    throw error;
  }
  const body = got.body[Symbol.asyncIterator]();
  // The first chunks, until the magic bytes are in (a store may hand out tiny chunks).
  const headChunks: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < MAGIC_BYTES) {
    const next = await body.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    headChunks.push(next.value);
    headBytes += next.value.length;
  }
  const head = headChunks.length === 1 ? headChunks[0]! : Buffer.concat(headChunks);
  const detected = detectCompression(target.key, head, json.format);
  if (detected === 'parquet') {
    // Stop the stream: a Parquet object is read by ranges of the very version whose start we saw.
    await body.return?.();
    return scanParquet(store, target, { etag: got.info.etag, size: got.info.size }, parquet, headBytes);
  }
  async function* replay(): AsyncIterable<Uint8Array> {
    yield* headChunks;
    if (ended) return;
    for (let next = await body.next(); next.done !== true; next = await body.next()) yield next.value;
  }
  return scanJsonl(replay(), target, { size: got.info.size, etag: got.info.etag }, detected, json);
}

async function scanJsonl(
  bytes: AsyncIterable<Uint8Array>,
  target: ScanTarget,
  version: { readonly size: number; readonly etag: string },
  compression: 'gzip' | 'none',
  { layout, policy, parseTimeBytes, timeFieldPath }: JsonlScanPolicy,
): Promise<ObjectScan> {
  const base = { key: target.key, partition: target.partition, size: version.size, etag: version.etag, bytesRead: version.size };
  const partition = partitionInfoOf(target);
  const all = new DigestAccumulator();
  const stay = new DigestAccumulator();
  const destinations = new DestinationDigests();
  const tally = new PlacementTally();
  try {
    const summary = await decodeJsonl(bytes, { compression, timeFieldPath }, (record) => {
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
      const moveTo = tally.count(placement, record.line);
      if (moveTo === null) stay.addHash(all.lastHi, all.lastLo);
      else destinations.accumulator(destinations.indexOf(moveTo, placement.kind === 'late' ? 'late' : 'early')).addHash(all.lastHi, all.lastLo);
    });
    return {
      kind: 'scanned',
      ...base,
      records: summary.records,
      recordsNotDigested: 0,
      decodedBytes: summary.decodedBytes,
      digest: all.snapshot(),
      stay: stay.snapshot(),
      moves: destinations.moves(layout),
      ...tally.fields(),
      shape: {
        compression,
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
      reason: error.reason,
      message: error.message,
      ...(error.context.line === undefined ? {} : { line: error.context.line }),
      ...(error.context.byteOffset === undefined ? {} : { byteOffset: error.context.byteOffset }),
    };
  }
}
