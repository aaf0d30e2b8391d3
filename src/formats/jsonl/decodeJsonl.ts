/**
 * Streaming JSON-lines decoder: (gunzip) → UTF-8 check → framing (jsonlFramer.ts) → one callback per
 * record. Records are handed out while the object is still being read, so a caller must treat them
 * as provisional until the returned promise resolves: a rejection means the object is unreadable
 * and nothing decoded from it may be used.
 */
import { Buffer } from 'node:buffer';
import { assertNever } from '../../errors.js';
import { gunzipStrict } from './gunzipStrict.js';
import { JsonlFramer } from './jsonlFramer.js';
import type { FramedRecord } from './jsonlFramer.js';
import { UnreadableObjectError } from './unreadableObjectError.js';
import { Utf8Validator } from './utf8Validator.js';
import type { JsonlDecodeOptions, JsonlDecodeSummary } from '../types.js';

/** Default `maxRecordBytes`: 256 MiB. A record (or unfinished line) larger than this makes the object unreadable. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** Output chunk of the inflater: 256 KiB (memory per object in flight is about this plus one record). */
export const GUNZIP_CHUNK_BYTES = 256 * 1024;

export interface JsonlDecoderOptions extends JsonlDecodeOptions {
  /** Largest record accepted, in bytes (default {@link DEFAULT_MAX_RECORD_BYTES}). */
  readonly maxRecordBytes?: number;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Decodes one object. `onRecord` gets a reused view (a `RecordView`, plus where the record
 * sits in the decoder's buffer) that is only valid during the call.
 * Rejects with {@link UnreadableObjectError} when the object's bytes cannot all be accounted for;
 * errors from `source` or `onRecord` pass through unchanged.
 */
export async function decodeJsonl(
  source: AsyncIterable<Uint8Array>,
  options: JsonlDecoderOptions,
  onRecord: (record: FramedRecord) => void,
): Promise<JsonlDecodeSummary> {
  const framer = new JsonlFramer(options.timeFieldPath, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, onRecord);
  const utf8 = new Utf8Validator();
  let decodedBytes = 0;
  let head: Buffer | undefined = Buffer.alloc(0); // the first bytes, until we know whether they are a BOM
  let bom = false;

  const feed = (chunk: Buffer): void => {
    const at = decodedBytes;
    decodedBytes += chunk.length;
    const bad = utf8.check(chunk, at);
    if (bad >= 0) throw invalidUtf8(bad, framer.line + countNewlines(chunk, Math.max(0, bad - at)));
    framer.feed(chunk);
  };
  const push = (chunk: Buffer): void => {
    if (head === undefined) return feed(chunk);
    head = Buffer.concat([head, chunk]);
    if (head.length >= BOM.length) startBody();
  };
  const startBody = (): void => {
    const first = head!;
    head = undefined;
    bom = first.subarray(0, BOM.length).equals(BOM);
    if (!bom) return feed(first);
    utf8.check(BOM, 0);
    decodedBytes = BOM.length;
    framer.skip(BOM.length);
    feed(first.subarray(BOM.length));
  };

  let encodedBytes = 0;
  let gzipMembers = 0;
  switch (options.compression) {
    case 'gzip':
      ({ encodedBytes, members: gzipMembers } = await gunzipStrict(source, push, GUNZIP_CHUNK_BYTES));
      break;
    case 'none':
      for await (const piece of source) {
        encodedBytes += piece.byteLength;
        push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      }
      break;
    default:
      assertNever(options.compression, 'compression');
  }
  if (head !== undefined) startBody();
  const bad = utf8.finish();
  if (bad >= 0) throw invalidUtf8(bad, framer.line);
  framer.finish();
  return {
    records: framer.records,
    decodedBytes,
    encodedBytes,
    delimiter: framer.delimiter ?? 'lf',
    finalDelimiter: framer.finalDelimiter,
    blankLines: framer.blankLines,
    bom,
    gzipMembers,
  };
}

function invalidUtf8(byteOffset: number, line: number): UnreadableObjectError {
  return new UnreadableObjectError('invalid-utf8', `Invalid UTF-8 at byte ${byteOffset} (line ${line}) of the decompressed data`, { byteOffset, line });
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
