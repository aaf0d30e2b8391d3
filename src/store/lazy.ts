/**
 * A store opened on first use. The S3 client takes ~150 ms to load, and every CLI process and
 * scan worker opens a store: loading it only for s3:// roots keeps local runs as fast as before,
 * while `openStore` stays synchronous for its callers.
 */
import type { AttributesResult, ByteRange, CreateResult, DeleteResult, GetResult, ObjectAttributes, ObjectInfo, ObjectKey, ObjectStore, ReplaceResult } from './types.js';

export class LazyStore implements ObjectStore {
  #inner: Promise<ObjectStore> | undefined;

  constructor(
    readonly rootUri: string,
    private readonly open: () => Promise<ObjectStore>,
  ) {}

  #store(): Promise<ObjectStore> {
    this.#inner ??= this.open();
    return this.#inner;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    yield* (await this.#store()).list(prefix);
  }
  async head(key: ObjectKey): Promise<ObjectInfo | null> {
    return (await this.#store()).head(key);
  }
  async attributesOf(key: ObjectKey): Promise<AttributesResult | null> {
    return (await this.#store()).attributesOf(key);
  }
  async get(key: ObjectKey, options?: { range?: ByteRange; ifMatch?: string }): Promise<GetResult> {
    return (await this.#store()).get(key, options);
  }
  async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes?: ObjectAttributes): Promise<CreateResult> {
    return (await this.#store()).createIfAbsent(key, body, attributes);
  }
  async deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult> {
    return (await this.#store()).deleteIfMatch(key, etag);
  }
  async replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    return (await this.#store()).replaceIfMatch(key, body, etag);
  }
  async now(): Promise<number> {
    return (await this.#store()).now();
  }
  async removeAbandonedWrites(prefix: string): Promise<string[]> {
    return (await this.#store()).removeAbandonedWrites(prefix);
  }
  async keepsOldVersions(): Promise<boolean> {
    return (await this.#store()).keepsOldVersions();
  }
}
