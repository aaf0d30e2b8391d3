/**
 * Folds object scans, in any order, into the numbers the plan and the report need (PURE).
 * Memory: objects with nothing to move leave only counters behind; objects with moves are kept,
 * since each becomes a unit of the plan. Samples are kept sorted and bounded so that the report is
 * the same whatever order the scans finished in.
 */
import type { ObjectScan, ScannedObject, SkippedObject, UnreadableObject } from '../detect/types.js';
import type { UnplaceableReason } from './classify.js';
import { DigestAccumulator } from './digest.js';
import type { Digest } from './digest.js';
import { emptyLagHistogram } from './lag.js';

export const REPORT_SAMPLE_LIMIT = 100;

/** A key the lister passed over, with why. */
export interface IgnoredKey {
  readonly key: string;
  readonly reason: string;
}

export interface UnplaceableLocation {
  readonly object: string;
  readonly line: number;
  readonly reason: UnplaceableReason;
}

export interface MoveSummary {
  readonly from: string;
  readonly to: string;
  readonly kind: 'late' | 'early';
  readonly records: number;
  readonly objects: number;
}

export interface ScanTotals {
  objects: number;
  records: number;
  late: number;
  early: number;
  earlyMoved: number;
  unplaceable: number;
  bytesRead: number;
  decodedBytes: number;
  /** Records counted in `records` but not in the checksum (Parquet objects with nothing to move: see ScannedObject). */
  recordsNotDigested: number;
  unreadable: number;
  skipped: number;
  notInLayout: number;
  hidden: number;
}

export class ScanAggregator {
  readonly totals: ScanTotals = {
    objects: 0, records: 0, late: 0, early: 0, earlyMoved: 0, unplaceable: 0,
    bytesRead: 0, decodedBytes: 0, recordsNotDigested: 0, unreadable: 0, skipped: 0, notInLayout: 0, hidden: 0,
  };
  readonly lagHistogram = emptyLagHistogram();
  readonly unplaceableByReason: Partial<Record<UnplaceableReason, number>> = {};
  readonly #moves = new Map<string, { from: string; to: string; kind: 'late' | 'early'; records: number; objects: number }>();
  readonly #checksum = new DigestAccumulator();
  readonly #withMoves: ScannedObject[] = [];
  #unplaceable: UnplaceableLocation[] = [];
  readonly unreadable: UnreadableObject[] = [];
  readonly skipped: SkippedObject[] = [];
  #notInLayout: IgnoredKey[] = [];

  addNotInLayout(ignored: IgnoredKey): void {
    this.totals.notInLayout += 1;
    this.#notInLayout = boundedSorted(this.#notInLayout, ignored, (a, b) => compareKeys(a.key, b.key));
  }

  addHidden(): void {
    this.totals.hidden += 1;
  }

  add(scan: ObjectScan): void {
    this.totals.objects += 1;
    switch (scan.kind) {
      case 'unreadable':
        this.totals.unreadable += 1;
        this.totals.bytesRead += scan.bytesRead;
        this.unreadable.push(scan);
        return;
      case 'skipped':
        this.totals.skipped += 1;
        this.totals.bytesRead += scan.bytesRead;
        this.skipped.push(scan);
        return;
      case 'scanned':
        break;
    }
    const t = this.totals;
    t.records += scan.records;
    t.late += scan.late;
    t.early += scan.early;
    t.earlyMoved += scan.earlyMoved;
    t.unplaceable += scan.unplaceable;
    t.bytesRead += scan.bytesRead;
    t.decodedBytes += scan.decodedBytes;
    t.recordsNotDigested += scan.recordsNotDigested;
    this.#checksum.addDigest(scan.digest);
    scan.lagHistogram.forEach((count, i) => (this.lagHistogram[i]! += count));
    for (const [reason, count] of Object.entries(scan.unplaceableByReason) as [UnplaceableReason, number][]) {
      this.unplaceableByReason[reason] = (this.unplaceableByReason[reason] ?? 0) + count;
    }
    for (const sample of scan.unplaceableSamples) {
      this.#unplaceable = boundedSorted(this.#unplaceable, { object: scan.key, line: sample.line, reason: sample.reason }, compareLocations);
    }
    for (const move of scan.moves) {
      const id = `${scan.partition}\n${move.to}\n${move.kind}`;
      const entry = this.#moves.get(id) ?? { from: scan.partition, to: move.to, kind: move.kind, records: 0, objects: 0 };
      entry.records += move.records;
      entry.objects += 1;
      this.#moves.set(id, entry);
    }
    if (scan.moves.length > 0) this.#withMoves.push(scan);
  }

  /**
   * Keeps an object's records where they are although the scan found moves: a destination is
   * one no query could see (the catalog check). It counts as skipped, and its moves leave the
   * move table; its records were read and stay in the totals and the checksum.
   */
  hold(key: string, reason: 'destination-not-queryable', message: string): void {
    const index = this.#withMoves.findIndex((s) => s.key === key);
    if (index < 0) return;
    const [scan] = this.#withMoves.splice(index, 1) as [ScannedObject];
    for (const move of scan.moves) {
      const id = `${scan.partition}\n${move.to}\n${move.kind}`;
      const entry = this.#moves.get(id);
      if (entry === undefined) continue;
      entry.records -= move.records;
      entry.objects -= 1;
      if (entry.objects === 0) this.#moves.delete(id);
    }
    this.totals.skipped += 1;
    // Its bytes were counted when it was added.
    this.skipped.push({ kind: 'skipped', key, etag: scan.etag, size: scan.size, partition: scan.partition, reason, message, bytesRead: 0 });
  }

  get checksum(): Digest {
    return this.#checksum.snapshot();
  }

  /** Objects with records to move, by key. */
  scansWithMoves(): ScannedObject[] {
    return [...this.#withMoves].sort((a, b) => compareKeys(a.key, b.key));
  }

  moves(): MoveSummary[] {
    return [...this.#moves.values()].sort((a, b) => compareKeys(a.from, b.from) || compareKeys(a.to, b.to) || compareKeys(a.kind, b.kind));
  }

  unplaceableSamples(): UnplaceableLocation[] {
    return [...this.#unplaceable].sort(compareLocations).slice(0, REPORT_SAMPLE_LIMIT);
  }

  notInLayoutSamples(): IgnoredKey[] {
    return [...this.#notInLayout].sort((a, b) => compareKeys(a.key, b.key)).slice(0, REPORT_SAMPLE_LIMIT);
  }

  sortedUnreadable(): UnreadableObject[] {
    return [...this.unreadable].sort((a, b) => compareKeys(a.key, b.key));
  }

  sortedSkipped(): SkippedObject[] {
    return [...this.skipped].sort((a, b) => compareKeys(a.key, b.key));
  }
}

/** Byte order of UTF-8 keys (S3's listing order), not UTF-16 code-unit order. */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function compareLocations(a: UnplaceableLocation, b: UnplaceableLocation): number {
  return compareKeys(a.object, b.object) || a.line - b.line;
}

function boundedSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): T[] {
  list.push(item);
  if (list.length < REPORT_SAMPLE_LIMIT * 2) return list;
  return list.sort(compare).slice(0, REPORT_SAMPLE_LIMIT);
}
