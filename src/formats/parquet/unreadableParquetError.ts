/**
 * Why a Parquet object's bytes cannot all be accounted for. Such an object is reported and left
 * untouched (DESIGN.md §4, last bullet), exactly like an unreadable JSON-lines object: same error
 * code, its own stable reasons (they appear in the JSON report).
 */
import { RepartitionError } from '../../errors.js';

export const PARQUET_UNREADABLE_REASONS = [
  'not-parquet', // too short, or the trailing magic is not `PAR1` (an encrypted `PARE` footer included)
  'corrupt-footer', // the footer length, its Thrift encoding or its structure is inconsistent
  'corrupt-column-chunk', // a column chunk's pages do not decode to what the footer promises
  'unsupported-feature', // a page uses something this reader cannot decode bit-exactly (e.g. BIT_PACKED levels)
] as const;
export type ParquetUnreadableReason = (typeof PARQUET_UNREADABLE_REASONS)[number];

const HINTS: Record<ParquetUnreadableReason, string> = {
  'not-parquet': 'The object is named or detected as Parquet but is not a (plain-footer) Parquet file; leave it where it is.',
  'corrupt-footer': 'The object was cut short or damaged (an interrupted upload?); re-deliver it from the producer.',
  'corrupt-column-chunk': 'The column data is damaged; re-deliver the object from the producer.',
  'unsupported-feature': 'The object is left where it is; rewrite it with a current Parquet writer if it must be moved.',
};

/** Code `UNREADABLE_OBJECT`: thrown for bad bytes, never for I/O (store errors pass through). */
export class UnreadableParquetError extends RepartitionError {
  override readonly name = 'UnreadableParquetError';
  readonly reason: ParquetUnreadableReason;

  constructor(reason: ParquetUnreadableReason, message: string, where: { byteOffset?: number; column?: string; rowGroup?: number } = {}, cause?: unknown) {
    super('UNREADABLE_OBJECT', message, {
      context: {
        reason,
        ...(where.byteOffset === undefined ? {} : { byteOffset: where.byteOffset }),
        ...(where.rowGroup === undefined ? {} : { rowGroup: where.rowGroup }),
        ...(where.column === undefined ? {} : { column: where.column }),
      },
      hint: HINTS[reason],
      ...(cause === undefined ? {} : { cause }),
    });
    this.reason = reason;
  }
}
