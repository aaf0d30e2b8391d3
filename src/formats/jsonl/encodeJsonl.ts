/**
 * Streaming JSON-lines encoder: writes record bytes unchanged with the source object's delimiting
 * and compression, so that `decodeJsonl` reads back exactly the same records.
 *
 * Framing that could not be read back is refused (fail closed) rather than written:
 * a record containing LF, a blank record, a first record starting with a BOM, or (with `lf`) a record ending in CR that is followed by a
 * terminator (`\r\n` would read as a CRLF terminator). With `none`, two records are written with
 * nothing between them only when both are exactly one JSON object or array; otherwise an LF goes
 * between them (so a malformed or scalar record keeps its own line and cannot merge with a neighbour).
 */
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { RepartitionError, assertNever } from '../../errors.js';
import { WS } from './jsonByteClasses.js';
import { JsonValueScanner } from './scanJsonValue.js';
import type { Compression, Delimiter } from '../types.js';

export interface JsonlEncodeOptions {
  readonly delimiter: Delimiter;
  /** Write a terminator after the last record (LF for `none`). */
  readonly finalDelimiter: boolean;
  readonly compression: Compression;
}

/** gzip level of outputs (zlib's default trade-off). */
export const GZIP_LEVEL = 6;
/** Plain bytes are handed on in batches of about this size: 64 KiB. */
const BATCH_BYTES = 64 * 1024;
const LF = Buffer.from('\n');
const CRLF = Buffer.from('\r\n');
const NOTHING = Buffer.alloc(0);

/** Encodes `records` (each one record's exact bytes); the result is the object's bytes in chunks. */
export function encodeJsonl(records: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: JsonlEncodeOptions): AsyncIterable<Uint8Array> {
  switch (options.compression) {
    case 'none':
      return frameRecords(records, options);
    case 'gzip':
      return gzipped(frameRecords(records, options));
    default:
      return assertNever(options.compression, 'compression');
  }
}

async function* gzipped(plain: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const gzip = zlib.createGzip({ level: GZIP_LEVEL });
  const piping = pipeline(Readable.from(plain, { objectMode: false }), gzip);
  piping.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  yield* gzip;
  await piping;
}

async function* frameRecords(records: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: JsonlEncodeOptions): AsyncIterable<Uint8Array> {
  const scanner = options.delimiter === 'none' ? new JsonValueScanner([]) : undefined;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let index = 0;
  let previous: Uint8Array | undefined;
  let previousJoinable = false;
  for await (const record of records) {
    checkFramable(record, index);
    const joinable = scanner !== undefined && isSingleContainer(record, scanner);
    if (previous !== undefined) {
      const separator = between(previous, options.delimiter, joinable && previousJoinable, index - 1);
      batch.push(separator);
      batchBytes += separator.length;
    }
    batch.push(record);
    batchBytes += record.length;
    if (batchBytes >= BATCH_BYTES) {
      yield Buffer.concat(batch, batchBytes);
      batch = [];
      batchBytes = 0;
    }
    previous = record;
    previousJoinable = joinable;
    index++;
  }
  if (previous !== undefined && options.finalDelimiter) batch.push(between(previous, options.delimiter, false, index - 1));
  if (batch.length > 0) yield Buffer.concat(batch);
}

function between(record: Uint8Array, delimiter: Delimiter, join: boolean, index: number): Buffer {
  switch (delimiter) {
    case 'crlf':
      return CRLF;
    case 'lf':
      if (record[record.length - 1] === 0x0d) refuse(index, 'ends in CR, which would read back as part of a CRLF terminator');
      return LF;
    case 'none':
      if (join) return NOTHING;
      if (record[record.length - 1] === 0x0d) refuse(index, 'ends in CR, which would read back as part of a CRLF terminator');
      return LF;
    default:
      return assertNever(delimiter, 'delimiter');
  }
}

function checkFramable(record: Uint8Array, index: number): void {
  if (record.indexOf(0x0a) >= 0) refuse(index, 'contains a line feed');
  let i = 0;
  while (i < record.length && WS[record[i]!] === 1) i++;
  if (i === record.length) refuse(index, 'is empty or blank');
  if (index === 0 && record[0] === 0xef && record[1] === 0xbb && record[2] === 0xbf) refuse(index, 'starts with a byte-order mark');
}

function isSingleContainer(record: Uint8Array, scanner: JsonValueScanner): boolean {
  const first = record[0];
  const last = record[record.length - 1];
  if ((first !== 0x7b && first !== 0x5b) || (last !== 0x7d && last !== 0x5d)) return false;
  return scanner.scan(record, 0, record.length, true) === record.length;
}

function refuse(index: number, why: string): never {
  throw new RepartitionError('INTERNAL', `Record ${index} cannot be written as JSON lines: it ${why}`, {
    hint: 'Decoded records never look like this; this is a bug in the caller.',
  });
}
