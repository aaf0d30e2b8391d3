/**
 * Instant → partition label → partition path and span.
 *
 * How DST behaves (this paragraph is the README's):
 * A partition is named by the wall clock of `--partition-tz`, so a record belongs to the partition
 * whose label is its event time's local wall-clock time truncated to the layout's granularity.
 * - An hour that occurs twice (fall back, e.g. 01:00–02:00 on 2020-11-01 in America/New_York) maps to
 *   ONE partition path, `dt=2020-11-01/hour=01`: the records of both real hours go there, and that
 *   partition's span (`startMs`…`endMsExclusive`) covers both real hours (two hours of instants).
 * - A skipped local hour (spring forward, e.g. 02:00–03:00 on 2020-03-08 in New York) contains no
 *   instant, so no record ever maps there and its span is empty (`startMs === endMsExclusive`). If such a
 *   partition exists anyway, its records are judged by their own event time like everywhere else:
 *   each is late or early relative to the partition its event time maps to, and moved accordingly.
 * - Zones whose offset changes by 30 minutes (Australia/Lord_Howe) give half-hour spans (skipped) or
 *   1.5-hour spans (repeated); zones that change at odd minutes (America/St_Johns until 2011: 00:01)
 *   may revisit a label, so `startMs`/`endMsExclusive` is then the smallest interval that holds every
 *   instant of the partition.
 * Labels are wall-clock ms (`Date.UTC` of the local fields), never a real instant: they order
 * partitions chronologically and are what the planner compares.
 */
import { RepartitionError, assertNever } from '../errors.js';
import { fieldsToLabelMs, labelMsToLocal } from '../time/calendar.js';
import type { LocalDateTime, LocalResolution } from '../time/types.js';
import { GRANULARITY_MS, PARTITION_CACHE_SIZE, internalsOf } from './compileLayout.js';
import type { LayoutToken, TemplateSegment } from './template.js';
import type { Layout, PartitionInfo, PartitionPath } from './types.js';

/** Smallest label a path can spell: 0000-01-01 00:00 (`{yyyy}` is four digits). */
export const MIN_LABEL_MS = fieldsToLabelMs(0, 1, 1, 0, 0, 0, 0);
/** Largest label a path can spell: 9999-12-31 23:59. */
export const MAX_LABEL_MS = fieldsToLabelMs(9999, 12, 31, 23, 59, 0, 0);

/**
 * HOT PATH, once per record: the label of the partition `eventTimeMs` belongs to. No allocation.
 * Near the ends of the instant range the label may fall outside
 * [{@link MIN_LABEL_MS}, {@link MAX_LABEL_MS}] (year −1 or 10000): such a record has no partition.
 */
export function partitionLabelMs(layout: Layout, eventTimeMs: number): number {
  const wallMs = eventTimeMs + layout.zone.offsetMsAt(eventTimeMs);
  const unitMs = GRANULARITY_MS[layout.granularity];
  const rest = wallMs % unitMs;
  return rest < 0 ? wallMs - rest - unitMs : wallMs - rest;
}

/** The partition path of a label, e.g. `dt=2020-04-20/hour=13`. Memoised per layout. */
export function partitionPathOfLabel(layout: Layout, labelMs: number): PartitionPath {
  return partitionInfoOfLabel(layout, labelMs).path;
}

/**
 * Path, label and real span of a partition; memoised per layout (the last
 * {@link PARTITION_CACHE_SIZE} labels).
 * @throws RepartitionError `INTERNAL` if `labelMs` is not aligned to the granularity or is outside
 * [{@link MIN_LABEL_MS}, {@link MAX_LABEL_MS}]: a caller bug, labels come from this module.
 */
export function partitionInfoOfLabel(layout: Layout, labelMs: number): PartitionInfo {
  const { segments, infoCache } = internalsOf(layout);
  const cached = infoCache.get(labelMs);
  if (cached !== undefined) return cached;
  const unitMs = GRANULARITY_MS[layout.granularity];
  if (!Number.isInteger(labelMs) || labelMs % unitMs !== 0 || labelMs < MIN_LABEL_MS || labelMs > MAX_LABEL_MS) {
    throw new RepartitionError('INTERNAL', `Expected a partition label aligned to one ${layout.granularity} in years 0000–9999; got ${labelMs}`);
  }
  const info: PartitionInfo = Object.freeze({
    path: buildPath(segments, labelMsToLocal(labelMs)),
    labelMs,
    startMs: spanStartMs(layout, labelMs),
    endMsExclusive: spanEndMs(layout, labelMs, labelMs + unitMs),
  });
  // FIFO eviction: Map iterates in insertion order, so the first key is the oldest entry.
  if (infoCache.size >= PARTITION_CACHE_SIZE) infoCache.delete(infoCache.keys().next().value as number);
  infoCache.set(labelMs, info);
  return info;
}

function resolveWall(layout: Layout, wallMs: number): LocalResolution {
  return layout.zone.resolveLocal(labelMsToLocal(wallMs));
}

/** First instant of the partition: the first time the clock shows its label, or the end of the gap. */
function spanStartMs(layout: Layout, labelMs: number): number {
  const r = resolveWall(layout, labelMs);
  switch (r.kind) {
    case 'unique':
      return r.utcMs;
    case 'ambiguous':
      return r.earlierUtcMs;
    case 'nonexistent':
      // The clock jumps over the label: the partition starts where the jump lands (if at all).
      return r.gapStartUtcMs;
    default:
      return assertNever(r, 'local resolution');
  }
}

/** First instant after the partition: when the clock shows the next label for the last time it matters. */
function spanEndMs(layout: Layout, labelMs: number, nextLabelMs: number): number {
  const r = resolveWall(layout, nextLabelMs);
  switch (r.kind) {
    case 'unique':
      return r.utcMs;
    case 'nonexistent':
      return r.gapStartUtcMs;
    case 'ambiguous':
      // The next label occurs twice. If the clock fell back INTO this partition in between, the
      // partition continues until the second occurrence (a repeated hour); otherwise the first ends it.
      return partitionLabelMs(layout, r.laterUtcMs - 1) === labelMs ? r.laterUtcMs : r.earlierUtcMs;
    default:
      return assertNever(r, 'local resolution');
  }
}

function fieldValue(f: LocalDateTime, token: LayoutToken): number {
  switch (token) {
    case 'yyyy':
      return f.year;
    case 'MM':
      return f.month;
    case 'dd':
      return f.day;
    case 'HH':
      return f.hour;
    case 'mm':
      return f.minute;
    default:
      return assertNever(token, 'layout token');
  }
}

function buildPath(segments: readonly TemplateSegment[], f: LocalDateTime): PartitionPath {
  let path = '';
  segments.forEach((segment, s) => {
    if (s > 0) path += '/';
    for (const part of segment.parts) {
      path += part.kind === 'literal' ? part.text : String(fieldValue(f, part.token)).padStart(part.width, '0');
    }
  });
  return path as PartitionPath;
}
