/**
 * Scans one Parquet object by ranged reads of one version (pinned to its ETag), paying only for
 * what the decision needs:
 *   1. the footer (8 bytes, then the metadata): unreadable → reported; not rewritable exactly
 *      (rewriteSupport) → skipped as `parquet-unsupported`, whatever its rows;
 *   2. per row group, footer statistics that prove every row is placed in this very partition
 *      → nothing more is read for it;
 *   3. otherwise the time column's chunk alone, each row classified exactly like a JSON record;
 *   4. only if some row moves: every row group once, in turn, to digest each row (all, stay, per
 *      destination) for the plan. An object with nothing to move is never decoded in full: its
 *      rows count in `records` but not in the checksum (`recordsNotDigested`).
 *
 * Memory: the footer, a route table for each row group with a moving row (4 bytes a row, kept
 * until step 4) and, in step 4, one decoded row group at a time.
 */
import { RepartitionError } from '../errors.js';
import {
  byteSourceFromStore,
  locateTimeColumn,
  readFooter,
  readRowGroup,
  readTimeColumn,
  rewriteSupport,
  rowGroupTimeBounds,
  RowEncoder,
  UnreadableParquetError,
} from '../formats/parquet/index.js';
import type { ByteSource, ParquetFooter, TimeColumn, TimeColumnOptions } from '../formats/parquet/index.js';
import type { Layout, PartitionInfo } from '../layout/types.js';
import { classifyEventTime } from '../plan/classify.js';
import type { ClassifyPolicy, Placement } from '../plan/classify.js';
import { DigestAccumulator, EMPTY_DIGEST } from '../plan/digest.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import { unreproducibleMessage, UnreproducibleObjectError } from '../store/unreproducible.js';
import { partitionInfoOf } from './partitionInfo.js';
import { DestinationDigests, PlacementTally } from './tally.js';
import type { ObjectScan, ScanTarget } from './types.js';

export interface ParquetScanPolicy {
  readonly layout: Layout;
  readonly policy: ClassifyPolicy;
  readonly timeColumn: TimeColumnOptions;
}

/** How often a scan starts again on a newer version when the object changes while it is read. */
const MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;

/**
 * Scans the version `etag` (of `size` bytes) of `target`. `bytesAlreadyRead`: what the caller
 * fetched before it knew the object is Parquet (the start of a stream it stopped).
 */
export async function scanParquet(store: ObjectStore, target: ScanTarget, version: { etag: string; size: number }, scan: ParquetScanPolicy, bytesAlreadyRead: number): Promise<ObjectScan> {
  let bytesRead = bytesAlreadyRead;
  let current = version;
  for (let attempt = 1; ; attempt++) {
    const source = byteSourceFromStore(store, asObjectKey(target.key), current.size, current.etag);
    const base = { key: target.key, partition: target.partition, size: current.size, etag: current.etag };
    try {
      return await scanVersion(source, target, base, scan, () => bytesRead + source.bytesRead);
    } catch (error) {
      bytesRead += source.bytesRead;
      if (error instanceof UnreadableParquetError) {
        const byteOffset = error.context.byteOffset;
        return { kind: 'unreadable', ...base, bytesRead, reason: error.reason, message: error.message, ...(byteOffset === undefined ? {} : { byteOffset }) };
      }
      if (error instanceof UnreproducibleObjectError) {
        return { kind: 'skipped', ...base, bytesRead, reason: error.reason, message: unreproducibleMessage(error.reason, error.detail) };
      }
      if (!(error instanceof RepartitionError) || (error.code !== 'NOT_FOUND' && error.code !== 'PRECONDITION_FAILED')) throw error;
      // Deleted, or rewritten since it was listed: scan what is there now (a new version is
      // planned with its own ETag, so the commit stage never mixes versions either).
      const now = error.code === 'NOT_FOUND' ? null : await store.head(asObjectKey(target.key));
      if (now === null) return { kind: 'skipped', ...base, bytesRead, reason: 'vanished', message: 'deleted while the scan ran' };
      if (attempt >= MAX_ATTEMPTS) {
        throw new RepartitionError('STORE_IO', `the object changed ${attempt} times while it was being scanned`, { context: { object: target.key }, hint: 'Run again when its writer is done with it.' });
      }
      current = { etag: now.etag, size: now.size };
    }
  }
}

async function scanVersion(
  source: ByteSource,
  target: ScanTarget,
  base: { key: string; partition: string; size: number; etag: string },
  { layout, policy, timeColumn: timeOptions }: ParquetScanPolicy,
  bytesRead: () => number,
): Promise<ObjectScan> {
  const footer = await readFooter(source);
  const support = rewriteSupport(footer);
  if (!support.ok) {
    const where = support.column === '' ? 'the file' : `column ${support.column}`;
    return { kind: 'skipped', ...base, bytesRead: bytesRead(), reason: 'parquet-unsupported', message: `${where} cannot be written back exactly (${support.code}): ${support.reason}` };
  }
  const partition = partitionInfoOf(target);
  const column = locateTimeColumn(footer, timeOptions);
  const tally = new PlacementTally();
  const destinations = new DestinationDigests();
  /** Per row group: where each row goes (0 = stays, else a destination index), or null when every row stays. */
  const routes: (Uint32Array | null)[] = [];
  let records = 0;
  let decodedBytes = 0;
  for (let g = 0; g < footer.metadata.row_groups.length; g++) {
    const rows = Number(footer.metadata.row_groups[g]!.num_rows);
    const firstRow = records;
    records += rows;
    routes.push(null);
    if (rows === 0 || provenPlaced(footer, column, g, policy, partition)) continue;
    const times = await readTimeColumn(source, footer, column, g);
    if (column.kind === 'column') decodedBytes += Number(footer.metadata.row_groups[g]!.columns[column.leaf.index]!.meta_data!.total_uncompressed_size);
    let route: Uint32Array | null = null;
    for (let r = 0; r < rows; r++) {
      const time = times[r]!;
      const placement: Placement = time.ok ? classifyEventTime(policy, partition, time.eventTimeMs) : { kind: 'unplaceable', reason: time.reason };
      const moveTo = tally.count(placement, firstRow + r + 1);
      if (moveTo === null) continue;
      route ??= new Uint32Array(rows);
      route[r] = destinations.indexOf(moveTo, placement.kind === 'late' ? 'late' : 'early');
    }
    routes[g] = route;
  }
  const scanned = {
    kind: 'scanned' as const,
    ...base,
    records,
    ...tally.fields(),
    shape: { format: 'parquet' as const },
  };
  if (destinations.size === 0) {
    // Nothing moves: the object stays as it is, so its rows need no digest (see the file comment).
    return { ...scanned, recordsNotDigested: records, bytesRead: bytesRead(), decodedBytes, digest: EMPTY_DIGEST, stay: EMPTY_DIGEST, moves: [] };
  }

  // Some rows move: digest every row, reading the whole object once, one row group at a time.
  const all = new DigestAccumulator();
  const stay = new DigestAccumulator();
  const encoder = new RowEncoder();
  for (let g = 0; g < footer.metadata.row_groups.length; g++) {
    const group = await readRowGroup(source, footer, g);
    decodedBytes += footer.metadata.row_groups[g]!.columns.reduce((sum, chunk) => sum + Number(chunk.meta_data?.total_uncompressed_size ?? 0n), 0);
    const route = routes[g];
    for (let r = 0; r < group.rows; r++) {
      all.add(encoder.encode(group, r));
      const to = route === null || route === undefined ? 0 : route[r]!;
      (to === 0 ? stay : destinations.accumulator(to)).addHash(all.lastHi, all.lastLo);
    }
  }
  if (all.records !== records) throw new RepartitionError('INTERNAL', `read ${all.records} rows of the ${records} the footer promises`, { context: { object: base.key } });
  return { ...scanned, recordsNotDigested: 0, bytesRead: bytesRead(), decodedBytes, digest: all.snapshot(), stay: stay.snapshot(), moves: destinations.moves(layout) };
}

/**
 * Do the footer statistics prove that every row of row group `g` is placed in `partition`? Both
 * bounds must be placed, and the partition zone's offset must be the same at both (and they less
 * than a day apart: offset changes are months apart), so that the label is monotonic in between
 * and no instant between the bounds can belong elsewhere. Early and late rows are never proven:
 * they must be counted (and late ones moved).
 */
export function provenPlaced(footer: ParquetFooter, column: TimeColumn, g: number, policy: ClassifyPolicy, partition: PartitionInfo): boolean {
  const bounds = rowGroupTimeBounds(footer, column, g);
  if (bounds === null) return false;
  if (classifyEventTime(policy, partition, bounds.minMs).kind !== 'placed' || classifyEventTime(policy, partition, bounds.maxMs).kind !== 'placed') return false;
  const zone = policy.layout.zone;
  return bounds.maxMs - bounds.minMs < DAY_MS && zone.offsetMsAt(bounds.minMs) === zone.offsetMsAt(bounds.maxMs);
}
