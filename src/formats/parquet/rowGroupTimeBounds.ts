/**
 * Row-group pruning: event-time bounds from footer statistics alone, promised only when they hold
 * for every row (see {@link rowGroupTimeBounds}).
 */
import type { ColumnMetaData } from 'hyparquet';
import { createDecimalScan, scanDecimal, unitByMagnitude } from '../../time/epoch.js';
import { createEventTimeParser } from '../../time/parse.js';
import { fixedOffsetOf } from '../../time/zone.js';
import type { ParquetFooter } from './readFooter.js';
import type { TimeColumn } from './timeColumn.js';
import { timestampResult } from './timeValue.js';

/** Inclusive event-time bounds of every row of a row group (see {@link rowGroupTimeBounds}). */
export interface TimeBounds {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Bounds from the footer statistics alone, or `null` when they cannot promise that EVERY row of
 * the row group has a usable event time within them: statistics missing, nulls present, a type
 * whose statistics do not order event times (strings, INT96, floats, decimals, patterns), `auto`
 * epochs whose bounds straddle a magnitude band, or local timestamps that may cross a DST change.
 * `null` means "read the column", never "nothing to do".
 */
export function rowGroupTimeBounds(footer: ParquetFooter, column: TimeColumn, rowGroup: number): TimeBounds | null {
  if (column.kind === 'constant') return null;
  const group = footer.metadata.row_groups[rowGroup];
  const meta: ColumnMetaData | undefined = group?.columns[column.leaf.index]?.meta_data;
  const stats = meta?.statistics;
  if (group === undefined || stats === undefined || stats.null_count !== 0n || group.num_rows === 0n) return null;
  const min = stats.min_value ?? stats.min;
  const max = stats.max_value ?? stats.max;
  const i = column.interpretation;
  const zone = column.options.timestampZone;
  if (i.kind === 'timestamp') {
    if (typeof min !== 'bigint' || typeof max !== 'bigint') return null;
    const low = timestampResult(min, i, zone);
    const high = timestampResult(max, i, zone);
    if (!low.ok || !high.ok) return null;
    // A DST change between the bounds would make some readings ambiguous or skipped (and the
    // mapping non-monotonic): only promise bounds when the offset is the same at both ends and
    // they are less than a day apart (transitions are months apart).
    if (!i.utc && fixedOffsetOf(zone) === undefined) {
      if (zone.offsetMsAt(low.eventTimeMs) !== zone.offsetMsAt(high.eventTimeMs) || high.eventTimeMs - low.eventTimeMs >= 86_400_000) return null;
    }
    return { minMs: low.eventTimeMs, maxMs: high.eventTimeMs };
  }
  if (i.kind === 'integer' && !i.unsigned) {
    const format = column.options.timeFormat;
    if (format.kind !== 'epoch' && format.kind !== 'auto') return null;
    if ((typeof min !== 'bigint' && typeof min !== 'number') || (typeof max !== 'bigint' && typeof max !== 'number')) return null;
    const lowText = min.toString();
    const highText = max.toString();
    if (format.kind === 'auto') {
      // Epoch units follow magnitude bands; values between two bounds in one band (not straddling 0) share it.
      const a = createDecimalScan();
      const b = createDecimalScan();
      if (!scanDecimal(lowText, a) || !scanDecimal(highText, b) || unitByMagnitude(lowText, a) !== unitByMagnitude(highText, b)) return null;
      if (min < 0 && max > 0) return null;
    }
    const parse = createEventTimeParser(format, zone);
    const low = parse({ kind: 'number', literal: lowText });
    const high = parse({ kind: 'number', literal: highText });
    return low.ok && high.ok ? { minMs: low.eventTimeMs, maxMs: high.eventTimeMs } : null;
  }
  return null;
}
