/**
 * Vocabulary shared by record codecs. A codec turns an object's bytes into records whose exact
 * bytes are kept (JSON is never re-serialised) and tells the planner what it found at the time field.
 */
import type { TimeValue } from '../time/types.js';

export const COMPRESSIONS = ['gzip', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** How records are separated in a JSON-lines object; outputs reuse the source's choice. */
export const DELIMITERS = ['lf', 'crlf', 'none'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** What the decoder found at `--time-field` for one record. */
export type TimeFieldValue =
  | TimeValue
  /** The line is not one or more well-formed JSON values (its bytes are still a record). */
  | { readonly kind: 'malformed'; readonly detail: string }
  /** The path occurs more than once (`{"ts":1,"ts":2}`): which one counts would be a guess. */
  | { readonly kind: 'duplicate-field' };

export interface RecordView {
  /**
   * Exact bytes of the record without its terminator (`\n`, or `\r\n` for CRLF objects). Only valid
   * during the callback: the decoder reuses its buffers, so copy what you keep.
   */
  readonly bytes: Uint8Array;
  /** 1-based line on which the record starts. */
  readonly line: number;
  /** Offset of the record's first byte in the decompressed stream. */
  readonly byteOffset: number;
  readonly time: TimeFieldValue;
}

export interface JsonlDecodeOptions {
  readonly compression: Compression;
  /** `--time-field` split on `.`: `["meta", "ts"]` for `meta.ts`. */
  readonly timeFieldPath: readonly string[];
}

export interface JsonlDecodeSummary {
  readonly records: number;
  /** Bytes after decompression, i.e. what was scanned. */
  readonly decodedBytes: number;
  /** Bytes of the object itself (compressed size for gzip). */
  readonly encodedBytes: number;
  /** First separator seen between records; `lf` when there was none (0 or 1 record). */
  readonly delimiter: Delimiter;
  /** Whether the last record was followed by a terminator. */
  readonly finalDelimiter: boolean;
  readonly blankLines: number;
  /** A UTF-8 byte-order mark preceded the first record (it belongs to no record). */
  readonly bom: boolean;
  /** gzip members (0 for uncompressed). */
  readonly gzipMembers: number;
}
