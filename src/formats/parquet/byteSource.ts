/**
 * Random access to an object's bytes: hyparquet's `AsyncBuffer` shape, so the same value can be
 * handed to hyparquet and to our own chunk reader. Every source counts what it served, so tests
 * (and the run report) can assert I/O by counting, never by timing.
 */
import { RepartitionError } from '../../errors.js';
import type { ObjectKey, ObjectStore } from '../../store/types.js';

export interface ByteSource {
  readonly byteLength: number;
  /** Bytes `[start, end)`; `end` defaults to `byteLength`. Rejects on a range outside the object. */
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

/** A {@link ByteSource} that counts the reads it served. */
export interface CountedByteSource extends ByteSource {
  /** Range reads served so far. */
  readonly reads: number;
  /** Bytes served so far. */
  readonly bytesRead: number;
}

function checkRange(byteLength: number, start: number, end: number): void {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= byteLength)) {
    throw new RepartitionError('INTERNAL', `byte range [${start}, ${end}) is outside the object (${byteLength} bytes)`);
  }
}

/** Serves an in-memory object (an output before it is stored, a test file). */
export function byteSourceFromBytes(bytes: Uint8Array): CountedByteSource {
  let reads = 0;
  let bytesRead = 0;
  return {
    byteLength: bytes.byteLength,
    get reads() {
      return reads;
    },
    get bytesRead() {
      return bytesRead;
    },
    slice(start, end = bytes.byteLength) {
      checkRange(bytes.byteLength, start, end);
      reads += 1;
      bytesRead += end - start;
      // A copy: callers may keep or transfer the buffer.
      return Promise.resolve(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end) as ArrayBuffer);
    },
  };
}

/**
 * Maps slices onto ranged `store.get` calls pinned to `etag` (S3 `If-Match`): if the object
 * changed since it was listed, a read fails with PRECONDITION_FAILED instead of mixing versions.
 * `size` is the listed size (the footer sits at its end). One request per slice; an empty slice
 * costs nothing.
 */
export function byteSourceFromStore(store: ObjectStore, key: ObjectKey, size: number, etag: string): CountedByteSource {
  let reads = 0;
  let bytesRead = 0;
  return {
    byteLength: size,
    get reads() {
      return reads;
    },
    get bytesRead() {
      return bytesRead;
    },
    async slice(start, end = size) {
      checkRange(size, start, end);
      if (start === end) return new ArrayBuffer(0);
      reads += 1;
      const got = await store.get(key, { range: { start, end }, ifMatch: etag });
      const out = new Uint8Array(end - start);
      let at = 0;
      for await (const piece of got.body) {
        if (at + piece.byteLength > out.byteLength) throw shortRead(key, `more than the ${end - start} bytes asked for at ${start}`);
        out.set(piece, at);
        at += piece.byteLength;
      }
      bytesRead += at;
      if (at !== out.byteLength) throw shortRead(key, `${at} of the ${end - start} bytes asked for at ${start}`);
      return out.buffer;
    },
  };
}

function shortRead(key: ObjectKey, what: string): RepartitionError {
  return new RepartitionError('STORE_IO', `the store returned ${what}`, { context: { object: key }, hint: 'The object changed size under the same ETag; retry the run.' });
}
