/**
 * S3 client settings the way AWS users expect them (pure: the SDK is imported by s3.ts only).
 * Credentials always come from the SDK's default provider chain (env, AWS_PROFILE, SSO, task or
 * instance role) and never from options, so they never pass through this tool's code or logs.
 */
import type { S3Settings } from './types.js';

/** Attempts per request (first try + retries) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface S3ClientSettings {
  /** Undefined: the SDK's own chain (the profile's region), then us-east-1 (see s3.ts). */
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly maxAttempts?: number;
  readonly retryMode?: 'standard' | 'adaptive';
}

/**
 * Retries: the SDK retries throttling (SlowDown, 503, RequestLimitExceeded, ThrottlingException)
 * and transient errors with exponential backoff and jitter. `adaptive` also slows this client's
 * own request rate after throttling, so a backlog burst is not made worse by the job (the seed
 * incident). AWS_MAX_ATTEMPTS and AWS_RETRY_MODE, when set, are left for the SDK to read.
 */
export function s3ClientConfig(settings: S3Settings, env: Readonly<Record<string, string | undefined>>): S3ClientSettings {
  const region = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return {
    ...(region === undefined || region === '' ? {} : { region }),
    ...(settings.endpointUrl === undefined ? {} : { endpoint: settings.endpointUrl }),
    // Custom endpoints (moto, MinIO, radosgw) rarely have wildcard DNS for virtual-hosted buckets.
    forcePathStyle: settings.pathStyle ?? settings.endpointUrl !== undefined,
    ...(env.AWS_MAX_ATTEMPTS === undefined ? { maxAttempts: DEFAULT_MAX_ATTEMPTS } : {}),
    ...(env.AWS_RETRY_MODE === undefined ? { retryMode: 'adaptive' as const } : {}),
  };
}
