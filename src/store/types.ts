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
  /**
   * S3's storage class as a listing reports it (`STANDARD`, `GLACIER`, …); absent for local files.
   * The lister uses it to skip archived objects without reading them.
   */
  readonly storageClass?: string;
}

/**
 * What a rewrite must carry over from a source to every object made from it (outputs, remainder,
 * backup copy): HTTP headers, user metadata, tags, storage class and encryption. Plain
 * serialisable data, opaque above the store: the store that read it is the one that applies it.
 * Not part of the plan (nor its hash): it is read from the source at commit time.
 * The local folder store has none (a file has no such attributes) and returns `{}`.
 */
export interface ObjectAttributes {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  /** The `Expires` header as sent (an HTTP date). */
  readonly expires?: string;
  /** User metadata (`x-amz-meta-*`), names without the prefix. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Object tags, in the order S3 returned them. */
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  /** Omitted for STANDARD. */
  readonly storageClass?: string;
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  readonly serverSideEncryption?: string;
  /** The source's own key (explicitly: never the bucket default). */
  readonly sseKmsKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
}

/** The attributes of one version of an object: `etag` says which. */
export interface AttributesResult {
  readonly etag: string;
  readonly attributes: ObjectAttributes;
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
  /** The attributes a rewrite carries over (S3: HeadObject + GetObjectTagging); null if missing. */
  attributesOf(key: ObjectKey): Promise<AttributesResult | null>;
  /** Streams the object (or a range). `ifMatch` fails with PRECONDITION_FAILED if it changed. */
  get(key: ObjectKey, options?: { readonly range?: ByteRange; readonly ifMatch?: string }): Promise<GetResult>;
  /**
   * Create-only write: never replaces an existing object (S3 `If-None-Match: *`). `attributes`
   * (from `attributesOf` on the same store) are set on the new object in the same request.
   */
  createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes?: ObjectAttributes): Promise<CreateResult>;
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
  /**
   * Does a delete keep the old bytes as a noncurrent version (S3 bucket versioning Enabled)?
   * `--backup auto` then copies nothing. Local folders: false.
   */
  keepsOldVersions(): Promise<boolean>;
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
