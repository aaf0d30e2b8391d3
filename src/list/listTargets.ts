/**
 * The "list" stage: which objects are in the window, and in which partition. Keys that do not
 * parse strictly under the layout are reported and never touched; hidden keys (a segment starting
 * with `_` or `.`, such as our own `_repartition/` state) are invisible to Athena and to us.
 */
import { isHiddenKey, parseObjectKey, partitionsInWindow } from '../layout/index.js';
import type { Layout } from '../layout/types.js';
import type { ObjectStore } from '../store/types.js';
import type { ScanTarget } from '../detect/types.js';
import type { IgnoredKey } from '../plan/aggregate.js';

/** Partition window; a missing bound is open. */
export interface Window {
  readonly fromMs: number | null;
  readonly toMsExclusive: number | null;
}

export type { IgnoredKey };

export interface ListCallbacks {
  /** A key that is not in the layout: reported, never touched. */
  onNotInLayout(ignored: IgnoredKey): void;
  onHidden(key: string): void;
}

/** Lists the window's partitions one prefix each, or the whole table when there is no window. */
export async function* listTargets(
  store: ObjectStore,
  layout: Layout,
  window: Window | null,
  callbacks: ListCallbacks,
): AsyncIterable<ScanTarget> {
  const bounded = window !== null && window.fromMs !== null && window.toMsExclusive !== null;
  const prefixes = bounded ? partitionsInWindow(layout, window.fromMs!, window.toMsExclusive!).map((p) => `${p.path}/`) : [''];
  for (const prefix of prefixes) {
    for await (const info of store.list(prefix)) {
      if (isHiddenKey(info.key)) {
        callbacks.onHidden(info.key);
        continue;
      }
      const parsed = parseObjectKey(layout, info.key);
      if (parsed.kind === 'not-in-layout') {
        callbacks.onNotInLayout({ key: info.key, reason: parsed.reason });
        continue;
      }
      const { partition } = parsed;
      // A whole-table listing sees every partition; keep only the window's (none = all).
      if (window !== null && !overlaps(window, partition.startMs, partition.endMsExclusive)) continue;
      yield {
        key: info.key,
        etag: info.etag,
        size: info.size,
        partition: partition.path,
        partitionLabelMs: partition.labelMs,
        partitionStartMs: partition.startMs,
        partitionEndMsExclusive: partition.endMsExclusive,
        ...(info.storageClass === undefined ? {} : { storageClass: info.storageClass }),
      };
    }
  }
}

function overlaps(window: Window, startMs: number, endMsExclusive: number): boolean {
  // A skipped DST hour covers no instant (start = end); judge it by its start.
  const end = Math.max(endMsExclusive, startMs + 1);
  return (window.fromMs === null || end > window.fromMs) && (window.toMsExclusive === null || startMs < window.toMsExclusive);
}
