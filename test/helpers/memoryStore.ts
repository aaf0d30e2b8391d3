/**
 * An in-memory ObjectStore with the same conditional semantics as the real ones. It is a full
 * implementation of the interface (used to make property tests fast), not a mock: it never
 * answers anything it did not do.
 */
import { createHash } from 'node:crypto';
import { RepartitionError } from '../../src/errors.js';
import type { AttributesResult, ByteRange, CreateResult, DeleteResult, GetResult, ObjectAttributes, ObjectInfo, ObjectKey, ObjectStore, ReplaceResult } from '../../src/store/types.js';
import { asObjectKey } from '../../src/store/types.js';

export class MemoryStore implements ObjectStore {
  readonly rootUri = 'memory:///';
  readonly objects = new Map<string, { bytes: Uint8Array; etag: string; attributes: ObjectAttributes }>();
  /** What keepsOldVersions answers (a versioned bucket keeps deleted objects as old versions). */
  versioned = false;
  chunkSize = 7; // tiny chunks exercise every decoder boundary

  put(key: string, bytes: Uint8Array, attributes: ObjectAttributes = {}): void {
    this.objects.set(key, { bytes, etag: createHash('md5').update(bytes).digest('hex'), attributes });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      const info = await this.head(asObjectKey(key));
      if (info !== null) yield info;
    }
  }

  async head(key: ObjectKey): Promise<ObjectInfo | null> {
    const entry = this.objects.get(key);
    return entry === undefined ? null : { key, size: entry.bytes.length, etag: entry.etag, lastModifiedMs: 0 };
  }

  /** Attributes are kept as given, so tests can check that a rewrite carries them over. */
  async attributesOf(key: ObjectKey): Promise<AttributesResult | null> {
    const entry = this.objects.get(key);
    return entry === undefined ? null : { etag: entry.etag, attributes: entry.attributes };
  }

  async get(key: ObjectKey, options: { range?: ByteRange; ifMatch?: string } = {}): Promise<GetResult> {
    const entry = this.objects.get(key);
    if (entry === undefined) throw new RepartitionError('NOT_FOUND', `Object not found: ${key}`);
    if (options.ifMatch !== undefined && options.ifMatch !== entry.etag) throw new RepartitionError('PRECONDITION_FAILED', `changed: ${key}`);
    const bytes = options.range === undefined ? entry.bytes : entry.bytes.subarray(options.range.start, options.range.end);
    const size = this.chunkSize;
    async function* body(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    }
    return { info: { key, size: entry.bytes.length, etag: entry.etag, lastModifiedMs: 0 }, body: body() };
  }

  async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes: ObjectAttributes = {}): Promise<CreateResult> {
    if (this.objects.has(key)) return { kind: 'exists' };
    const chunks: Uint8Array[] = [];
    if (body instanceof Uint8Array) chunks.push(body);
    else for await (const chunk of body) chunks.push(chunk);
    this.put(key, Buffer.concat(chunks), attributes);
    return { kind: 'created', etag: this.objects.get(key)!.etag };
  }

  async deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult> {
    const entry = this.objects.get(key);
    if (entry === undefined) return { kind: 'missing' };
    if (entry.etag !== etag) return { kind: 'changed' };
    this.objects.delete(key);
    return { kind: 'deleted' };
  }

  async replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    const entry = this.objects.get(key);
    if (entry === undefined) return { kind: 'missing' };
    if (entry.etag !== etag) return { kind: 'changed' };
    this.put(key, body, entry.attributes);
    return { kind: 'replaced', etag: this.objects.get(key)!.etag };
  }

  async now(): Promise<number> {
    return Date.now();
  }

  async removeAbandonedWrites(): Promise<string[]> {
    return []; // writes here are atomic: nothing is ever half-done
  }

  async keepsOldVersions(): Promise<boolean> {
    return this.versioned;
  }
}
