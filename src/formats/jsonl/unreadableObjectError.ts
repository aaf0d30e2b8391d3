/**
 * Why an object's bytes cannot all be accounted for. Such an object is reported and left untouched
 * (DESIGN.md §4, last bullet). Stable strings: they appear in the JSON report.
 */
import { RepartitionError } from '../../errors.js';

export const UNREADABLE_REASONS = [
  'not-gzip', // a gzip object whose first bytes are not a gzip header
  'truncated-gzip', // the compressed stream ends inside a member
  'gzip-crc-mismatch', // a member's CRC-32 or ISIZE trailer disagrees with its content
  'corrupt-gzip', // a member's header or deflate data is invalid
  'trailing-bytes', // bytes after the last complete gzip member (junk, zero padding, a partial header)
  'invalid-utf8', // the decompressed stream is not valid UTF-8
  'broken-framing', // a concatenated-JSON line holds a value that is malformed or cut off
  'record-too-large', // one record (or an unfinished line) is over `maxRecordBytes`
] as const;
export type UnreadableReason = (typeof UNREADABLE_REASONS)[number];

const HINTS: Record<UnreadableReason, string> = {
  'not-gzip': 'The object is named or declared as gzip but is not; check its Content-Encoding and extension.',
  'truncated-gzip': 'The object was cut short (an interrupted upload?); re-deliver it from the producer.',
  'gzip-crc-mismatch': 'The compressed data is corrupt; re-deliver it from the producer.',
  'corrupt-gzip': 'The compressed data is corrupt; re-deliver it from the producer.',
  'trailing-bytes': 'Something appended bytes after the last gzip member; inspect the object before moving it by hand.',
  'invalid-utf8': 'JSON lines must be UTF-8; re-encode the object or leave it where it is.',
  'broken-framing': 'Records cannot be separated reliably; fix the object by hand or leave it where it is.',
  'record-too-large': 'Raise the record size limit only if such records are expected.',
};

/** An object whose bytes cannot all be accounted for: code `UNREADABLE_OBJECT`, never thrown for I/O. */
export class UnreadableObjectError extends RepartitionError {
  override readonly name = 'UnreadableObjectError';
  readonly reason: UnreadableReason;

  constructor(reason: UnreadableReason, message: string, where: { byteOffset: number; line?: number }) {
    super('UNREADABLE_OBJECT', message, {
      context: where.line === undefined ? { byteOffset: where.byteOffset, reason } : { line: where.line, byteOffset: where.byteOffset, reason },
      hint: HINTS[reason],
    });
    this.reason = reason;
  }

  /** Offset of the problem: in the compressed bytes for gzip reasons, else in the decompressed stream. */
  get byteOffset(): number {
    return this.context.byteOffset ?? 0;
  }
  get line(): number | undefined {
    return this.context.line;
  }
}
