/**
 * The event time of Parquet rows: which column holds it, what its values mean, per-row-group
 * bounds from footer statistics (to skip row groups without reading them), and per-row event
 * times read from that one column chunk alone.
 *
 * Meanings, by the column's type (DESIGN.md §1: Parquet timestamps are read natively):
 * - TIMESTAMP(MILLIS|MICROS|NANOS) and the legacy TIMESTAMP_MILLIS/MICROS: an instant when
 *   `isAdjustedToUTC` (the legacy types always are); otherwise a wall-clock reading, pinned in
 *   `timestampZone` exactly like a zone-less string (a DST overlap or gap is a failure, not a guess);
 * - INT96: an instant (Spark/Hive convention), to the nanosecond, floored to ms;
 * - DATE: a day without an hour, so `imprecise`;
 * - other integers, decimals and floats: a number for `--time-format` (epoch by magnitude, a unit,
 *   or a pattern such as yyyyMMddHH), exactly as a JSON number literal would be read;
 * - strings (STRING/UTF8/ENUM or unannotated BYTE_ARRAY): text for `--time-format`;
 * - anything else (BOOLEAN, TIME, UUID, JSON, …), and a field inside a list: `wrong-type`.
 */
import type { SchemaElement } from 'hyparquet';
import type { TimeFailureReason, TimeFormat, Zone } from '../../time/types.js';
import type { ParquetFooter } from './readFooter.js';
import type { LeafColumn } from './schema.js';

export interface TimeColumnOptions {
  /** `--time-field`: a top-level column name, or a dotted path to a leaf inside structs. */
  readonly timeField: string;
  readonly timeFormat: TimeFormat;
  /** `--timestamp-tz`: where zone-less readings (strings, non-UTC-adjusted timestamps) are pinned. */
  readonly timestampZone: Zone;
}

/** How a column's values become event times. */
export type TimeInterpretation =
  | { readonly kind: 'timestamp'; readonly unitsPerMs: bigint; readonly utc: boolean }
  | { readonly kind: 'int96' }
  | { readonly kind: 'integer'; readonly unsigned: boolean }
  | { readonly kind: 'decimal'; readonly scale: number }
  | { readonly kind: 'float' }
  | { readonly kind: 'string' };

/** The time column of one file, resolved once from its footer. */
export type TimeColumn =
  /**
   * Every row fails the same way, known from the schema alone: `missing-field` (no such leaf),
   * `wrong-type` (a group, a list, a type that holds no time), `imprecise` (DATE). Nothing is read.
   */
  | { readonly kind: 'constant'; readonly reason: Extract<TimeFailureReason, 'missing-field' | 'wrong-type' | 'imprecise'> }
  | { readonly kind: 'column'; readonly leaf: LeafColumn; readonly interpretation: TimeInterpretation; readonly options: TimeColumnOptions };

/** Finds `--time-field` among the leaves (an exact top-level name wins over a dotted path). */
export function locateTimeColumn(footer: ParquetFooter, options: TimeColumnOptions): TimeColumn {
  const field = options.timeField;
  const leaf = footer.leaves.find((l) => l.path.length === 1 && l.path[0] === field) ?? footer.leaves.find((l) => l.dotted === field);
  if (leaf === undefined) {
    // A group (struct, list) by that name holds no single value.
    const group = footer.metadata.schema.some((e, i) => i > 0 && e.name === field && e.type === undefined);
    return { kind: 'constant', reason: group ? 'wrong-type' : 'missing-field' };
  }
  if (leaf.maxRepetitionLevel > 0) return { kind: 'constant', reason: 'wrong-type' }; // inside a list: which element?
  const interpretation = interpret(leaf.element);
  if (interpretation === 'date') return { kind: 'constant', reason: 'imprecise' };
  if (interpretation === 'wrong-type') return { kind: 'constant', reason: 'wrong-type' };
  return { kind: 'column', leaf, interpretation, options };
}

const UNITS_PER_MS = { MILLIS: 1n, MICROS: 1_000n, NANOS: 1_000_000n } as const;

function interpret(e: SchemaElement): TimeInterpretation | 'date' | 'wrong-type' {
  const logical = e.logical_type;
  const converted = e.converted_type;
  switch (e.type) {
    case 'INT96':
      return { kind: 'int96' };
    case 'INT64':
    case 'INT32':
      if (logical?.type === 'TIMESTAMP' && e.type === 'INT64') return { kind: 'timestamp', unitsPerMs: UNITS_PER_MS[logical.unit], utc: logical.isAdjustedToUTC };
      if (converted === 'TIMESTAMP_MILLIS' && logical === undefined) return { kind: 'timestamp', unitsPerMs: 1n, utc: true };
      if (converted === 'TIMESTAMP_MICROS' && logical === undefined) return { kind: 'timestamp', unitsPerMs: 1_000n, utc: true };
      if (logical?.type === 'DATE' || converted === 'DATE') return 'date';
      if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') return { kind: 'decimal', scale: e.scale ?? (logical?.type === 'DECIMAL' ? logical.scale : 0) };
      if (logical === undefined || logical.type === 'INTEGER') {
        if (converted !== undefined && !/^U?INT_(8|16|32|64)$/.test(converted)) return 'wrong-type';
        return { kind: 'integer', unsigned: (logical?.type === 'INTEGER' && !logical.isSigned) || (converted?.startsWith('UINT_') ?? false) };
      }
      return 'wrong-type';
    case 'FLOAT':
    case 'DOUBLE':
      return logical === undefined && converted === undefined ? { kind: 'float' } : 'wrong-type';
    case 'BYTE_ARRAY':
      if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') return { kind: 'decimal', scale: e.scale ?? 0 };
      if (logical?.type === 'STRING' || logical?.type === 'ENUM' || converted === 'UTF8' || converted === 'ENUM') return { kind: 'string' };
      return logical === undefined && converted === undefined ? { kind: 'string' } : 'wrong-type';
    case 'FIXED_LEN_BYTE_ARRAY':
      return logical?.type === 'DECIMAL' || converted === 'DECIMAL' ? { kind: 'decimal', scale: e.scale ?? 0 } : 'wrong-type';
    default:
      return 'wrong-type';
  }
}
