/**
 * Counts the calls made through a store. Always on: the counts go into the report (requests per
 * run are what an operator pays for and what S3 throttles), and tests use them to prove that a
 * dry run, or a re-run on a clean table, changes nothing.
 */
import type { AttributesResult, ByteRange, CreateResult, DeleteResult, GetResult, ObjectAttributes, ObjectInfo, ObjectKey, ObjectStore, ReplaceResult, StoreCallCounts } from './types.js';

export type { StoreCallCounts };


export class CountingStore implements ObjectStore {
  readonly counts: StoreCallCounts = { list: 0, head: 0, get: 0, createIfAbsent: 0, deleteIfMatch: 0, replaceIfMatch: 0, removeAbandonedWrites: 0 };
  readonly rootUri: string;

  constructor(private readonly inner: ObjectStore) {
    this.rootUri = inner.rootUri;
  }

  /** Adds calls made through another instance of the same store (a worker thread's). */
  absorb(counts: Readonly<StoreCallCounts>): void {
    for (const name of Object.keys(this.counts) as (keyof StoreCallCounts)[]) this.counts[name] += counts[name];
  }

  /** Returns the counts so far and starts again from zero. */
  takeCounts(): StoreCallCounts {
    const taken = { ...this.counts };
    for (const name of Object.keys(this.counts) as (keyof StoreCallCounts)[]) this.counts[name] = 0;
    return taken;
  }

  /** Calls that changed (or tried to change) the store. */
  get mutations(): number {
    return this.counts.createIfAbsent + this.counts.deleteIfMatch + this.counts.replaceIfMatch + this.counts.removeAbandonedWrites;
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    this.counts.list += 1;
    return this.inner.list(prefix);
  }
  head(key: ObjectKey): Promise<ObjectInfo | null> {
    this.counts.head += 1;
    return this.inner.head(key);
  }
  /** Counted as a head: it is one (plus GetObjectTagging on S3), made once per unit. */
  attributesOf(key: ObjectKey): Promise<AttributesResult | null> {
    this.counts.head += 1;
    return this.inner.attributesOf(key);
  }
  get(key: ObjectKey, options?: { range?: ByteRange; ifMatch?: string }): Promise<GetResult> {
    this.counts.get += 1;
    return this.inner.get(key, options);
  }
  createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes?: ObjectAttributes): Promise<CreateResult> {
    this.counts.createIfAbsent += 1;
    return this.inner.createIfAbsent(key, body, attributes);
  }
  deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult> {
    this.counts.deleteIfMatch += 1;
    return this.inner.deleteIfMatch(key, etag);
  }
  replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    this.counts.replaceIfMatch += 1;
    return this.inner.replaceIfMatch(key, body, etag);
  }
  now(): Promise<number> {
    return this.inner.now();
  }
  removeAbandonedWrites(prefix: string): Promise<string[]> {
    this.counts.removeAbandonedWrites += 1;
    return this.inner.removeAbandonedWrites(prefix);
  }
  keepsOldVersions(): Promise<boolean> {
    return this.inner.keepsOldVersions();
  }
}
