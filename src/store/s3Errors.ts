/**
 * S3 SDK errors → RepartitionError with the key and what to do next. Works on the error's shape
 * (`name`, `$metadata.httpStatusCode`, `code`) so it needs no SDK import. The SDK error itself is
 * never attached: it carries the raw HTTP response, and nothing from a request (credentials,
 * record bytes) may reach a log; only its name, status and message are kept.
 */
import { RepartitionError } from '../errors.js';

interface ErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly attempts?: unknown };
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as ErrorShape | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function errorNameOf(error: unknown): string {
  const shape = error as ErrorShape | null;
  const name = typeof shape?.name === 'string' ? shape.name : 'Error';
  return typeof shape?.code === 'string' && name === 'Error' ? shape.code : name;
}

/** Did S3 say the key is not there? (`HeadObject` has no body, so only its status says so.) */
export function isNotFound(error: unknown): boolean {
  const name = errorNameOf(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatusOf(error) === 404 && name !== 'NoSuchBucket');
}

export function isPreconditionFailed(error: unknown): boolean {
  return httpStatusOf(error) === 412 || errorNameOf(error) === 'PreconditionFailed';
}

function hintFor(name: string, status: number | undefined, operation: string): string | undefined {
  if (name === 'NoSuchBucket') return 'Check the bucket name, --endpoint-url and the region (AWS_REGION).';
  if (name === 'CredentialsProviderError' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'ExpiredToken') {
    return 'Check the AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the task role.';
  }
  if (name === 'AccessDenied' || status === 403) return `The credentials in use are not allowed to ${operation} here: check the IAM policy (s3:ListBucket on the prefix, s3:GetObject, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload, s3:ListBucketMultipartUploads).`;
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) return 'The bucket is in another region: set AWS_REGION to it.';
  if (name === 'SlowDown' || name === 'ThrottlingException' || name === 'RequestLimitExceeded' || status === 503) {
    return 'S3 kept throttling after every retry: lower --concurrency, raise AWS_MAX_ATTEMPTS, or run again later.';
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError/.test(name)) return 'Cannot reach the S3 endpoint: check --endpoint-url and the network.';
  return undefined;
}

/** `operation` is a verb phrase for messages: "list", "read", "create", "delete", … */
export function toStoreError(operation: string, key: string, rootUri: string, error: unknown): RepartitionError {
  if (error instanceof RepartitionError) return error;
  const name = errorNameOf(error);
  const status = httpStatusOf(error);
  const message = typeof (error as ErrorShape | null)?.message === 'string' ? String((error as ErrorShape).message) : String(error);
  const attempts = (error as ErrorShape | null)?.$metadata?.attempts;
  const detail = `${name}${status === undefined ? '' : ` (HTTP ${status})`}${typeof attempts === 'number' && attempts > 1 ? ` after ${attempts} attempts` : ''}: ${message}`;
  const code = name === 'NoSuchBucket' ? 'TABLE_NOT_FOUND' : 'STORE_IO';
  const hint = hintFor(name, status, operation);
  const what = key === '' ? rootUri : `${JSON.stringify(key)} under ${rootUri}`;
  return new RepartitionError(code, `S3 ${operation} failed for ${what}: ${detail}`, {
    ...(key === '' ? {} : { context: { object: key } }),
    cause: new Error(`${name}: ${message}`),
    ...(hint === undefined ? {} : { hint }),
  });
}

/**
 * S3 answers 409 ConditionalRequestConflict when a conditional write or delete races another
 * request on the same key, and asks for a retry; the SDK counts it as a client error and would
 * give up at once. This middleware (inside the retry loop: step finalizeRequest, after the retry
 * middleware) marks it transient, so it is retried with the same backoff and attempt bound as a
 * 503. CompleteMultipartUpload is left alone: after its 409 the whole upload must start again.
 */
export const RETRY_CONDITIONAL_CONFLICTS = { step: 'finalizeRequest', priority: 'low', name: 'retryConditionalRequestConflict' } as const;
export function retryConditionalConflicts<A, R>(next: (args: A) => Promise<R>, context: { readonly commandName?: string }): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (isConditionalConflict(error) && context.commandName !== 'CompleteMultipartUploadCommand' && typeof error === 'object' && error !== null) {
        (error as { $retryable?: { throttling: boolean } }).$retryable = { throttling: false };
      }
      throw error;
    }
  };
}

export function isConditionalConflict(error: unknown): boolean {
  return errorNameOf(error) === 'ConditionalRequestConflict' || httpStatusOf(error) === 409;
}
