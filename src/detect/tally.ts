/**
 * What one object's scan counts, whatever its format: placements (late, early, unplaceable with
 * reasons and a few locations, the lag histogram) and the digests of the records per destination.
 * JSON lines and Parquet scans share it, so both report exactly the same way.
 */
import { partitionPathOfLabel } from '../layout/index.js';
import type { Layout } from '../layout/types.js';
import type { Placement, UnplaceableReason } from '../plan/classify.js';
import { DigestAccumulator } from '../plan/digest.js';
import { emptyLagHistogram, lagBucketOf } from '../plan/lag.js';
import type { MoveTally, ScannedObject, UnplaceableSample } from './types.js';

/** Per object, keep this many unplaceable locations; the report keeps the first 100 overall. */
export const SAMPLES_PER_OBJECT = 20;

export class PlacementTally {
  late = 0;
  early = 0;
  earlyMoved = 0;
  unplaceable = 0;
  readonly lagHistogram = emptyLagHistogram();
  readonly unplaceableByReason: Partial<Record<UnplaceableReason, number>> = {};
  readonly unplaceableSamples: UnplaceableSample[] = [];

  /**
   * Counts one record at `line` (JSON: its line; Parquet: its 1-based row in the file) and returns
   * the label of the partition it moves to, or null when it stays (HOT PATH: no allocation).
   */
  /** The counts as the scan result carries them. */
  fields(): Pick<ScannedObject, 'late' | 'early' | 'earlyMoved' | 'unplaceable' | 'unplaceableByReason' | 'unplaceableSamples' | 'lagHistogram'> {
    const { late, early, earlyMoved, unplaceable, unplaceableByReason, unplaceableSamples, lagHistogram } = this;
    return { late, early, earlyMoved, unplaceable, unplaceableByReason, unplaceableSamples, lagHistogram };
  }

  count(placement: Placement, line: number): number | null {
    switch (placement.kind) {
      case 'placed':
        return null;
      case 'late':
        this.late += 1;
        this.lagHistogram[lagBucketOf(placement.lagMs)]! += 1;
        return placement.toLabelMs;
      case 'early':
        this.early += 1;
        if (!placement.move) return null;
        this.earlyMoved += 1;
        return placement.toLabelMs;
      case 'unplaceable':
        this.unplaceable += 1;
        this.unplaceableByReason[placement.reason] = (this.unplaceableByReason[placement.reason] ?? 0) + 1;
        if (this.unplaceableSamples.length < SAMPLES_PER_OBJECT) this.unplaceableSamples.push({ line, reason: placement.reason });
        return null;
    }
  }
}

/** The digest of the records going to each destination partition, by label. */
export class DestinationDigests {
  readonly #byLabel = new Map<number, { acc: DigestAccumulator; kind: 'late' | 'early'; index: number }>();
  readonly #byIndex: DigestAccumulator[] = [];

  get size(): number {
    return this.#byLabel.size;
  }

  /** The destination's 1-based index (0 is never one: Parquet route tables use 0 for "stays"). */
  indexOf(toLabelMs: number, kind: 'late' | 'early'): number {
    let destination = this.#byLabel.get(toLabelMs);
    if (destination === undefined) {
      destination = { acc: new DigestAccumulator(), kind, index: this.#byIndex.length + 1 };
      this.#byLabel.set(toLabelMs, destination);
      this.#byIndex.push(destination.acc);
    }
    return destination.index;
  }

  /** The accumulator of destination `index` (from {@link indexOf}). */
  accumulator(index: number): DigestAccumulator {
    const acc = this.#byIndex[index - 1];
    if (acc === undefined) throw new RangeError(`no destination ${index}`);
    return acc;
  }

  /** Destinations in chronological order. */
  moves(layout: Layout): MoveTally[] {
    return [...this.#byLabel.entries()]
      .sort(([a], [b]) => a - b)
      .map(([toLabelMs, { acc, kind }]) => ({ to: partitionPathOfLabel(layout, toLabelMs), toLabelMs, kind, records: acc.records, digest: acc.snapshot() }));
  }
}
