/**
 * The object-store boundary. Everything above it (planning, commit, recovery) is written once
 * against this interface; the local-folder store and the S3 store implement it. Keys are opaque
 * strings relative to the store's root and are never normalised: a key either is inside the root
 * byte for byte or the call is refused.
 */

export type ObjectKey = string & { readonly __brand: 'ObjectKey' };

export interface ObjectInfo {
  readonly key: ObjectKey;
  readonly size: number;
  /** Opaque version tag: S3's ETag; for local files, derived from inode, size and mtime (ns). */
  readonly etag: string;
  readonly lastModifiedMs: number;
}

export interface ByteRange {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface GetResult {
  /** What was actually read: its etag is the version the bytes belong to. */
  readonly info: ObjectInfo;
  readonly body: AsyncIterable<Uint8Array>;
}

export type CreateResult =
  | { readonly kind: 'created'; readonly etag: string }
  /** Something already holds the key: the caller must read it to learn whether it is ours. */
  | { readonly kind: 'exists' };

export type DeleteResult = { readonly kind: 'deleted' } | { readonly kind: 'changed' } | { readonly kind: 'missing' };

export type ReplaceResult = { readonly kind: 'replaced'; readonly etag: string } | { readonly kind: 'changed' } | { readonly kind: 'missing' };

export interface ObjectStore {
  /** Human-readable URI of the root, for messages (`file:///data/app/`, `s3://logs/app/`). */
  readonly rootUri: string;
  /** Every object whose key starts with `prefix` (`''` = the whole root), in byte order of keys. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  head(key: ObjectKey): Promise<ObjectInfo | null>;
  /** Streams the object (or a range). `ifMatch` fails with PRECONDITION_FAILED if it changed. */
  get(key: ObjectKey, options?: { readonly range?: ByteRange; readonly ifMatch?: string }): Promise<GetResult>;
  /** Create-only write: never replaces an existing object (S3 `If-None-Match: *`). */
  createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>): Promise<CreateResult>;
  /** Delete-if-unchanged (S3 `DeleteObject If-Match`). */
  deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult>;
  /** Compare-and-swap write (S3 `PutObject If-Match`): used only for the lock object. */
  replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult>;
  /** The store's clock (S3: the `Date` of a response), so leases never trust the local clock. */
  now(): Promise<number>;
  /**
   * Cleans up writes our crashed processes left half-done under `prefix` (local temp files; S3
   * incomplete multipart uploads). Called only by `apply`, under the lease. Returns what it removed.
   */
  removeAbandonedWrites(prefix: string): Promise<string[]>;
}

/** Calls made through a store, by method (see CountingStore). */
export interface StoreCallCounts {
  list: number;
  head: number;
  get: number;
  createIfAbsent: number;
  deleteIfMatch: number;
  replaceIfMatch: number;
  removeAbandonedWrites: number;
}

/** The calls that change the store: a dry run makes none of them. */
export const MUTATING_CALLS = ['createIfAbsent', 'deleteIfMatch', 'replaceIfMatch', 'removeAbandonedWrites'] as const;

/** How to reach S3: all optional, the AWS defaults apply (see s3Config.ts). */
export interface S3Settings {
  /** `--endpoint-url` (or AWS_ENDPOINT_URL): an S3-compatible server. */
  readonly endpointUrl?: string;
  /** `--path-style`; undefined = on exactly when an endpoint URL is given. */
  readonly pathStyle?: boolean;
  /** Undefined = AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then us-east-1. */
  readonly region?: string;
}

/** Serialisable description from which a worker thread can open the same store. */
export type StoreConfig =
  | { readonly kind: 'local'; readonly rootPath: string }
  /** `prefix` is `''` or ends in `/` (see s3Location.ts). */
  | ({ readonly kind: 's3'; readonly bucket: string; readonly prefix: string } & S3Settings);

export function asObjectKey(key: string): ObjectKey {
  return key as ObjectKey;
}
