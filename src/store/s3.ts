/**
 * The S3 store: the same conditional semantics as the local folder, from S3's own preconditions.
 * The only module that imports the S3 client (test/architecture.test.ts).
 *
 * - create-only: `PutObject If-None-Match: *`; a body over MULTIPART_THRESHOLD_BYTES goes through
 *   lib-storage's Upload, whose CompleteMultipartUpload carries the same `If-None-Match` and which
 *   aborts the upload on any failure (a 412 included).
 * - delete-if-unchanged and compare-and-swap: `DeleteObject`/`PutObject` with `If-Match`. S3 and
 *   moto answer a conditional delete of a missing key with 404 (not the unconditional 204), so no
 *   HEAD is needed first; the conformance probe in test/helpers checks that.
 * - every key passes the one guard (keyGuard.ts) on the way out and the way back.
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { RepartitionError } from '../errors.js';
import { decodeListedKey, guardKey, relativeKey } from './keyGuard.js';
import { readUpTo } from './readUpTo.js';
import { s3ClientConfig } from './s3Config.js';
import { errorNameOf, httpStatusOf, isNotFound, isPreconditionFailed, toStoreError, RETRY_CONDITIONAL_CONFLICTS, retryConditionalConflicts } from './s3Errors.js';
import type { S3Location } from './s3Location.js';
import { normaliseRootPrefix, s3RootUri } from './s3Location.js';
import type {
  AttributesResult,
  ByteRange,
  CreateResult,
  DeleteResult,
  GetResult,
  ObjectAttributes,
  ObjectInfo,
  ObjectKey,
  ObjectStore,
  ReplaceResult,
  S3Settings,
} from './types.js';
import { UnreproducibleObjectError } from './unreproducible.js';

/** Bodies up to this size are sent in one PutObject; larger ones as a multipart upload. */
export const MULTIPART_THRESHOLD_BYTES = 8 * 1024 * 1024;
/** Memory of one large upload: at most UPLOAD_QUEUE × PART_BYTES (32 MiB) buffered at once. */
const PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE = 4;
/** Times one read resumes after its connection broke mid-body (each resume is itself retried by the SDK). */
const BODY_RESUMES = 3;
/** An incomplete multipart upload younger than one lease (DEFAULT_LEASE_MS) may still be live. */
export const ABANDONED_UPLOAD_AGE_MS = 120_000;

export interface S3StoreOptions extends S3Location, S3Settings {
  /** ListObjectsV2 MaxKeys (default: the server's, 1,000); tests make it small to cross pages. */
  readonly pageSize?: number;
}

/** A client configured from the settings and the environment (see s3Config.ts). */
export function createS3Client(settings: S3Settings): S3Client {
  // The SDK warns on stderr that future releases need Node 22; this release supports Node 20
  // (its engines field), and a multi-line warning would break the JSON-lines log on stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { region, ...rest } = s3ClientConfig(settings, process.env);
  const client = new S3Client({ ...rest, region: region ?? profileRegionOrDefault });
  client.middlewareStack.add(retryConditionalConflicts, RETRY_CONDITIONAL_CONFLICTS); // 409: retried like a 503
  return client;
}

/** The profile's region (~/.aws/config) as the SDK finds it, else us-east-1; looked up once. */
let profileRegion: Promise<string> | undefined;
function profileRegionOrDefault(): Promise<string> {
  profileRegion ??= new S3Client({}).config.region().catch(() => 'us-east-1'); // nothing configured: like the AWS CLI's global endpoint
  return profileRegion;
}

export class S3Store implements ObjectStore {
  readonly rootUri: string;
  readonly #bucket: string;
  readonly #root: string;
  readonly #pageSize: number | undefined;
  readonly #client: S3Client;

  constructor(options: S3StoreOptions, client?: S3Client) {
    this.#bucket = options.bucket;
    this.#root = normaliseRootPrefix(options.prefix); // `logs/app` must never match `logs/app-evil/`
    this.#pageSize = options.pageSize;
    this.rootUri = s3RootUri({ bucket: this.#bucket, prefix: this.#root });
    this.#client = client ?? createS3Client(options);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const Prefix = guardKey(this.#root, prefix, 'prefix');
    let ContinuationToken: string | undefined;
    do {
      const command = new ListObjectsV2Command({ Bucket: this.#bucket, Prefix, EncodingType: 'url', ContinuationToken, MaxKeys: this.#pageSize });
      const page = await this.#client.send(command).catch(this.#fail('list', prefix));
      // Without url encoding XML would turn CR into LF and drop other control characters: fail closed.
      if (page.EncodingType !== 'url' && (page.Contents?.length ?? 0) > 0) throw this.#protocolError(prefix, 'ignored EncodingType=url');
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) throw this.#protocolError(prefix, 'listed an object without a key');
        const key = relativeKey(this.#root, decodeListedKey(item.Key));
        const info: ObjectInfo = { key, size: item.Size ?? 0, etag: item.ETag ?? '', lastModifiedMs: item.LastModified?.getTime() ?? 0 };
        yield item.StorageClass === undefined ? info : { ...info, storageClass: item.StorageClass };
      }
      ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      // A truncated page without a token would end the listing early: objects silently missed.
      if (page.IsTruncated === true && ContinuationToken === undefined) throw this.#protocolError(prefix, 'truncated a listing without a continuation token');
    } while (ContinuationToken !== undefined);
  }

  async head(key: ObjectKey): Promise<ObjectInfo | null> {
    const Key = guardKey(this.#root, key, 'object');
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
      return { key, size: out.ContentLength ?? 0, etag: out.ETag ?? '', lastModifiedMs: out.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toStoreError('read', key, this.rootUri, error);
    }
  }

  /**
   * HeadObject, then GetObjectTagging unless the HEAD said there are no tags: everything a
   * rewrite must set again (we re-encode, so S3 copies nothing for us). The tagging is read for
   * the version the HEAD saw only in the sense that both come from the same key; a change in
   * between changes the ETag, which the commit checks with its conditional delete anyway.
   */
  async attributesOf(key: ObjectKey): Promise<AttributesResult | null> {
    const Key = guardKey(this.#root, key, 'object');
    let head;
    try {
      head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toStoreError('read the attributes of', key, this.rootUri, error);
    }
    let tags: { key: string; value: string }[] = [];
    if (head.TagCount === undefined || head.TagCount > 0) {
      try {
        const tagging = await this.#client.send(new GetObjectTaggingCommand({ Bucket: this.#bucket, Key }));
        tags = (tagging.TagSet ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
      } catch (error) {
        if (isNotFound(error)) return null;
        throw toStoreError('read the tags of', key, this.rootUri, error);
      }
    }
    const attributes: { -readonly [K in keyof ObjectAttributes]: ObjectAttributes[K] } = {};
    if (head.ContentType !== undefined) attributes.contentType = head.ContentType;
    if (head.ContentEncoding !== undefined) attributes.contentEncoding = head.ContentEncoding;
    if (head.CacheControl !== undefined) attributes.cacheControl = head.CacheControl;
    if (head.ContentDisposition !== undefined) attributes.contentDisposition = head.ContentDisposition;
    if (head.ContentLanguage !== undefined) attributes.contentLanguage = head.ContentLanguage;
    if (head.ExpiresString !== undefined) attributes.expires = head.ExpiresString;
    if (head.Metadata !== undefined && Object.keys(head.Metadata).length > 0) attributes.metadata = { ...head.Metadata };
    if (tags.length > 0) attributes.tags = tags;
    if (head.StorageClass !== undefined && head.StorageClass !== 'STANDARD') attributes.storageClass = head.StorageClass;
    if (head.ServerSideEncryption !== undefined) attributes.serverSideEncryption = head.ServerSideEncryption;
    if (head.SSEKMSKeyId !== undefined) attributes.sseKmsKeyId = head.SSEKMSKeyId;
    if (head.BucketKeyEnabled !== undefined) attributes.bucketKeyEnabled = head.BucketKeyEnabled;
    return { etag: head.ETag ?? '', attributes };
  }

  async get(key: ObjectKey, options: { range?: ByteRange; ifMatch?: string } = {}): Promise<GetResult> {
    const Key = guardKey(this.#root, key, 'object');
    const { range, ifMatch } = options;
    if (range !== undefined && range.end <= range.start) return this.#emptyRead(key, ifMatch);
    let out;
    try {
      out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key, IfMatch: ifMatch, Range: range === undefined ? undefined : `bytes=${range.start}-${range.end - 1}` }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new RepartitionError('NOT_FOUND', `Object not found: ${key}`, { context: { object: key } });
      if (isPreconditionFailed(error)) throw new RepartitionError('PRECONDITION_FAILED', `Object changed since it was listed: ${key}`, { context: { object: key } });
      const unreproducible = unreproducibleRead(error, key);
      if (unreproducible !== null) throw unreproducible;
      throw toStoreError('read', key, this.rootUri, error);
    }
    // With a range, ContentLength is the range's; the object's size is after the `/`.
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '');
    const info = { key, size: total === null ? (out.ContentLength ?? 0) : Number(total[1]), etag: out.ETag ?? '', lastModifiedMs: out.LastModified?.getTime() ?? 0 };
    type Body = AsyncIterable<Uint8Array> & { destroy?: () => void };
    const first = out.Body as Body | undefined;
    const fail = this.#fail('read', key);
    // A connection reset mid-body is not retried by the SDK (it has returned already): resume from
    // the byte reached with a ranged GET of the same version (If-Match), a few times at most.
    const from = range?.start ?? 0;
    const end = range?.end ?? info.size;
    const resume = async (offset: number): Promise<Body | undefined> => {
      const again = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key, IfMatch: info.etag, Range: `bytes=${offset}-${end - 1}` }));
      return again.Body as Body | undefined;
    };
    async function* body(): AsyncIterable<Uint8Array> {
      let stream = first;
      let offset = from;
      let resumes = 0;
      try {
        while (stream !== undefined) {
          try {
            for await (const chunk of stream) {
              offset += chunk.length;
              yield chunk;
            }
            return;
          } catch (error) {
            if (offset >= end) return; // every byte arrived before the connection went
            if (resumes >= BODY_RESUMES || info.etag === '') fail(error); // a typed error with the key
            resumes += 1;
            stream.destroy?.();
            stream = await resume(offset).catch(fail);
          }
        }
      } finally {
        stream?.destroy?.(); // stopped early: give the socket back
      }
    }
    return { info, body: body() };
  }

  async createIfAbsent(key: ObjectKey, body: Uint8Array | AsyncIterable<Uint8Array>, attributes: ObjectAttributes = {}): Promise<CreateResult> {
    const Key = guardKey(this.#root, key, 'object');
    const start = body instanceof Uint8Array ? ({ kind: 'whole', bytes: body } as const) : await readUpTo(body, MULTIPART_THRESHOLD_BYTES);
    const carried = putParamsOf(attributes);
    try {
      if (start.kind === 'whole') {
        const out = await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: start.bytes, IfNoneMatch: '*', ...carried }));
        return { kind: 'created', etag: out.ETag ?? '' };
      }
      const upload = new Upload({
        client: this.#client,
        // The attributes go on CreateMultipartUpload (tags as its Tagging header, not lib-storage's
        // `tags` option, which would tag in a second request after the object became visible).
        params: { Bucket: this.#bucket, Key, Body: Readable.from(start.rest(), { objectMode: false }), IfNoneMatch: '*', ...carried },
        partSize: PART_BYTES,
        queueSize: UPLOAD_QUEUE,
        leavePartsOnError: false, // abort on any failure: no billed orphan parts
      });
      const out = await upload.done();
      return { kind: 'created', etag: out.ETag ?? '' };
    } catch (error) {
      if (isPreconditionFailed(error)) return { kind: 'exists' };
      throw toStoreError('create', key, this.rootUri, error);
    }
  }

  async deleteIfMatch(key: ObjectKey, etag: string): Promise<DeleteResult> {
    const Key = guardKey(this.#root, key, 'object');
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key, IfMatch: etag }));
      return { kind: 'deleted' };
    } catch (error) {
      if (isPreconditionFailed(error)) return { kind: 'changed' };
      if (isNotFound(error)) return { kind: 'missing' };
      throw toStoreError('delete', key, this.rootUri, error);
    }
  }

  async replaceIfMatch(key: ObjectKey, body: Uint8Array, etag: string): Promise<ReplaceResult> {
    const Key = guardKey(this.#root, key, 'object');
    try {
      const out = await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: body, IfMatch: etag }));
      return { kind: 'replaced', etag: out.ETag ?? '' };
    } catch (error) {
      if (isPreconditionFailed(error)) return { kind: 'changed' };
      if (isNotFound(error)) return { kind: 'missing' };
      throw toStoreError('replace', key, this.rootUri, error);
    }
  }

  /**
   * The `Date` of a one-key listing of the root: the cheapest request that the tool's IAM policy
   * allows anyway (HeadBucket would need ListBucket without an `s3:prefix` condition). `Date` has
   * one-second resolution, which is nothing next to a 120 s lease.
   */
  async now(): Promise<number> {
    const command = new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#root, MaxKeys: 1 });
    let date: string | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        date = (result.response as { headers?: Record<string, string | undefined> }).headers?.date;
        return result;
      },
      { step: 'deserialize', name: 'captureServerDate' },
    );
    await this.#client.send(command).catch(this.#fail('read the clock of', ''));
    const ms = date === undefined ? NaN : Date.parse(date);
    if (!Number.isFinite(ms)) throw this.#protocolError('', 'sent no Date header');
    return ms;
  }

  /**
   * Aborts incomplete multipart uploads under `prefix` that are older than one lease: a writer of
   * ours that died mid-upload left them, and S3 bills their parts until a lifecycle rule (if any)
   * removes them. Younger ones may belong to a live writer and are left alone.
   */
  async removeAbandonedWrites(prefix: string): Promise<string[]> {
    const Prefix = guardKey(this.#root, prefix, 'prefix');
    const nowMs = await this.now();
    const removed: string[] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    do {
      const command = new ListMultipartUploadsCommand({ Bucket: this.#bucket, Prefix, KeyMarker, UploadIdMarker, EncodingType: 'url' });
      const page = await this.#client.send(command).catch(this.#fail('list uploads', prefix));
      const decode = (text: string): string => (page.EncodingType === 'url' ? decodeListedKey(text) : text);
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === undefined || upload.UploadId === undefined) continue; // nothing we could abort
        if (upload.Initiated !== undefined && nowMs - upload.Initiated.getTime() < ABANDONED_UPLOAD_AGE_MS) continue;
        const key = relativeKey(this.#root, decode(upload.Key));
        try {
          await this.#client.send(new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: guardKey(this.#root, key, 'object'), UploadId: upload.UploadId }));
          removed.push(key);
        } catch (error) {
          // Completed or aborted meanwhile by its writer: nothing left to clean up.
          if (!isNotFound(error)) throw toStoreError('abort an upload of', key, this.rootUri, error);
        }
      }
      const more = page.IsTruncated === true;
      KeyMarker = more && page.NextKeyMarker !== undefined ? decode(page.NextKeyMarker) : undefined;
      UploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (KeyMarker !== undefined);
    return removed;
  }

  /**
   * GetBucketVersioning, once per run (`--backup auto`). Suspended or never enabled: a delete
   * removes the bytes, so a copy is needed. Not allowed to ask (no s3:GetBucketVersioning): copy.
   */
  async keepsOldVersions(): Promise<boolean> {
    try {
      const out = await this.#client.send(new GetBucketVersioningCommand({ Bucket: this.#bucket }));
      return out.Status === 'Enabled';
    } catch (error) {
      if (errorNameOf(error) === 'AccessDenied' || httpStatusOf(error) === 403) return false;
      throw toStoreError('read the versioning of', '', this.rootUri, error);
    }
  }

  async #emptyRead(key: ObjectKey, ifMatch: string | undefined): Promise<GetResult> {
    const info = await this.head(key);
    if (info === null) throw new RepartitionError('NOT_FOUND', `Object not found: ${key}`, { context: { object: key } });
    if (ifMatch !== undefined && ifMatch !== info.etag) throw new RepartitionError('PRECONDITION_FAILED', `Object changed since it was listed: ${key}`, { context: { object: key } });
    return { info, body: (async function* () {})() };
  }

  #fail(operation: string, key: string): (error: unknown) => never {
    return (error) => {
      throw toStoreError(operation, key, this.rootUri, error);
    };
  }

  #protocolError(key: string, what: string): RepartitionError {
    return new RepartitionError('STORE_IO', `The S3 server at ${this.rootUri} ${what}`, {
      context: { object: key },
      hint: 'The endpoint is not S3-compatible enough for this tool; use AWS S3 or a server that passes the conformance probe.',
    });
  }
}

/** PutObject / CreateMultipartUpload parameters that recreate the attributes read by attributesOf. */
function putParamsOf(a: ObjectAttributes): Partial<PutObjectCommandInput> {
  const params: Partial<PutObjectCommandInput> = {};
  if (a.contentType !== undefined) params.ContentType = a.contentType;
  if (a.contentEncoding !== undefined) params.ContentEncoding = a.contentEncoding;
  if (a.cacheControl !== undefined) params.CacheControl = a.cacheControl;
  if (a.contentDisposition !== undefined) params.ContentDisposition = a.contentDisposition;
  if (a.contentLanguage !== undefined) params.ContentLanguage = a.contentLanguage;
  if (a.expires !== undefined && Number.isFinite(Date.parse(a.expires))) params.Expires = new Date(a.expires);
  // The source's metadata already fits S3's 2 KB limit, and we add none of our own.
  if (a.metadata !== undefined) params.Metadata = { ...a.metadata };
  if (a.tags !== undefined && a.tags.length > 0) params.Tagging = a.tags.map((t) => `${encodeURIComponent(t.key)}=${encodeURIComponent(t.value)}`).join('&');
  if (a.storageClass !== undefined) params.StorageClass = a.storageClass as PutObjectCommandInput['StorageClass'];
  if (a.serverSideEncryption !== undefined) params.ServerSideEncryption = a.serverSideEncryption as PutObjectCommandInput['ServerSideEncryption'];
  if (a.sseKmsKeyId !== undefined && a.serverSideEncryption?.startsWith('aws:kms') === true) params.SSEKMSKeyId = a.sseKmsKeyId;
  if (a.bucketKeyEnabled !== undefined && a.serverSideEncryption?.startsWith('aws:kms') === true) params.BucketKeyEnabled = a.bucketKeyEnabled;
  return params;
}

/**
 * A read S3 refuses because of what the object is, not because of a fault: an archived object
 * (403 InvalidObjectState) or an SSE-C object read without its key (400 InvalidRequest, "The
 * object was stored using a form of Server Side Encryption…").
 */
function unreproducibleRead(error: unknown, key: string): UnreproducibleObjectError | null {
  const name = errorNameOf(error);
  if (name === 'InvalidObjectState') {
    const storageClass = (error as { StorageClass?: unknown }).StorageClass;
    return new UnreproducibleObjectError('archived-storage-class', key, typeof storageClass === 'string' ? storageClass : 'archive tier');
  }
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  if (httpStatusOf(error) === 400 && name === 'InvalidRequest' && /server side encryption|customer/i.test(message)) {
    return new UnreproducibleObjectError('sse-c', key, 'SSE-C');
  }
  return null;
}
