/**
 * The partitions a time window touches, so a run lists only those prefixes instead of the table.
 */
import { UsageError } from '../errors.js';
import type { Zone } from '../time/types.js';
import { GRANULARITY_MS } from './compileLayout.js';
import { partitionInfoOfLabel, partitionLabelMs } from './partitionLabel.js';
import type { Layout, PartitionInfo } from './types.js';

/** Most partitions one window may name (about 114 years of hours; 1.9 years of minutes). */
export const MAX_WINDOW_PARTITIONS = 1_000_000;

function tooMany(layout: Layout, fromMs: number, toMsExclusive: number): never {
  const window = `${new Date(fromMs).toISOString()} … ${new Date(toMsExclusive).toISOString()}`;
  throw new UsageError(`Expected a window of at most ${MAX_WINDOW_PARTITIONS.toLocaleString('en-US')} ${layout.granularity} partitions; ${window} has more`, {
    option: '--from',
    hint: 'Narrow --from/--to, or run several smaller windows.',
  });
}

/** Smallest instant in (lo, hi] whose offset differs from `offsetMs`, given that hi's does. */
function firstOffsetChange(zone: Zone, lo: number, hi: number, offsetMs: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offsetMsAt(mid) === offsetMs) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Every partition that holds at least one instant of [fromMs, toMsExclusive), in chronological
 * (label) order, each once: a repeated DST hour appears once, a skipped one never.
 * Walks the window one run of equal labels at a time: at a constant offset a label lasts until the
 * clock reaches the next one; where the offset changes sooner, a binary search finds the change.
 * (A zone changing its offset twice within one partition would be missed; none does.)
 * @throws UsageError option `--from` if `fromMs > toMsExclusive`, either is not an integer, or the
 * window spans more than {@link MAX_WINDOW_PARTITIONS} partitions.
 */
export function partitionsInWindow(layout: Layout, fromMs: number, toMsExclusive: number): PartitionInfo[] {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMsExclusive) || fromMs > toMsExclusive) {
    throw new UsageError(`Expected --from to be an instant before --to; got ${fromMs} and ${toMsExclusive} (epoch ms)`, { option: '--from' });
  }
  const unitMs = GRANULARITY_MS[layout.granularity];
  // Cheap early refusal; runs shorter than a unit (DST) can only add a few, counted below.
  if ((toMsExclusive - fromMs) / unitMs > MAX_WINDOW_PARTITIONS) tooMany(layout, fromMs, toMsExclusive);
  const { zone } = layout;
  const labels = new Set<number>();
  let t = fromMs;
  while (t < toMsExclusive) {
    const offsetMs = zone.offsetMsAt(t);
    const labelMs = partitionLabelMs(layout, t);
    labels.add(labelMs);
    if (labels.size > MAX_WINDOW_PARTITIONS) tooMany(layout, fromMs, toMsExclusive);
    // t + offsetMs < labelMs + unitMs, so `next` > t: the walk always advances.
    let next = labelMs + unitMs - offsetMs;
    if (zone.offsetMsAt(next - 1) !== offsetMs) next = firstOffsetChange(zone, t, next - 1, offsetMs);
    t = next;
  }
  return [...labels].sort((a, b) => a - b).map((labelMs) => partitionInfoOfLabel(layout, labelMs));
}
