/**
 * What scanning one object tells the planner. Plain serialisable data: it crosses the worker
 * boundary and is small (no record bytes, only counts, digests and a few locations).
 */
import type { Compression, Delimiter } from '../formats/types.js';
import type { Digest } from '../plan/digest.js';
import type { UnplaceableReason } from '../plan/classify.js';
import type { PlanConfig } from '../plan/types.js';
import type { UnreproducibleReason } from '../store/unreproducible.js';

export interface MoveTally {
  readonly to: string;
  readonly toLabelMs: number;
  readonly kind: 'late' | 'early';
  readonly records: number;
  readonly digest: Digest;
}

export interface UnplaceableSample {
  readonly line: number;
  readonly reason: UnplaceableReason;
}

/** How a JSON-lines object is framed; its outputs are framed the same way. (No tag: plan hashes of JSON tables predate Parquet.) */
export interface JsonlShape {
  readonly compression: Compression;
  readonly delimiter: Delimiter;
  readonly finalDelimiter: boolean;
  readonly bom: boolean;
}

/** A Parquet object: its outputs take schema, codecs and metadata from the source's own footer. */
export interface ParquetShape {
  readonly format: 'parquet';
}

export type ObjectShape = JsonlShape | ParquetShape;

export function isParquetShape(shape: ObjectShape): shape is ParquetShape {
  return 'format' in shape && shape.format === 'parquet';
}

export interface ScannedObject {
  readonly kind: 'scanned';
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly partition: string;
  readonly records: number;
  /**
   * Records counted but not digested: a Parquet object with nothing to move is classified from
   * its time column (or footer statistics) alone, never decoded in full, so its rows are in
   * `records` but not in `digest` (then empty). 0 for JSON lines, which are always read in full.
   */
  readonly recordsNotDigested: number;
  /** Bytes fetched from the store for this object (JSON: the object; Parquet: the ranges read). */
  readonly bytesRead: number;
  /** JSON: bytes after decompression; Parquet: uncompressed size of the column chunks decoded. */
  readonly decodedBytes: number;
  /** Every record of the object that was read in full (all of them, unless recordsNotDigested > 0). */
  readonly digest: Digest;
  /** The records that stay: placed, unplaceable and unmoved early ones. */
  readonly stay: Digest;
  /** Destinations of moved records, in chronological order. */
  readonly moves: readonly MoveTally[];
  readonly late: number;
  readonly early: number;
  readonly earlyMoved: number;
  readonly unplaceable: number;
  readonly unplaceableByReason: Readonly<Partial<Record<UnplaceableReason, number>>>;
  /** The first few unplaceable records (bounded per object). */
  readonly unplaceableSamples: readonly UnplaceableSample[];
  readonly lagHistogram: readonly number[];
  readonly shape: ObjectShape;
}

export interface UnreadableObject {
  readonly kind: 'unreadable';
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly partition: string;
  readonly reason: string;
  readonly message: string;
  /** Bytes fetched from the store before the object was found unreadable. */
  readonly bytesRead: number;
  readonly line?: number;
  readonly byteOffset?: number;
}

export interface SkippedObject {
  readonly kind: 'skipped';
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly partition: string;
  /**
   * destination-not-queryable: a destination partition no query could see (catalog check); nothing moved.
   * parquet-unsupported: a Parquet file this version cannot write back exactly (rewriteSupport); the message names the column.
   */
  readonly reason: 'parquet-unsupported' | 'vanished' | 'destination-not-queryable' | UnreproducibleReason;
  readonly message: string;
  /** Bytes fetched from the store for this object (a Parquet footer, say); counted once, by the scan. */
  readonly bytesRead: number;
}

export type ObjectScan = ScannedObject | UnreadableObject | SkippedObject;

/** Serialisable settings a scanner (in this thread or a worker) needs: the plan's own config. */
export type ScanSettings = PlanConfig;

/** What the lister found: an object in a partition of the layout. */
export interface ScanTarget {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly partition: string;
  readonly partitionLabelMs: number;
  readonly partitionStartMs: number;
  readonly partitionEndMsExclusive: number;
  /** From the listing (S3 only): archived classes are skipped without a read. */
  readonly storageClass?: string;
}
