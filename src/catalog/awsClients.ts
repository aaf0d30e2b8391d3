/**
 * Glue and Athena clients configured like the S3 client (same endpoint, region and retry policy):
 * the SDK retries throttling (`ThrottlingException`, `TooManyRequestsException`) and 5xx with
 * exponential backoff and jitter, `adaptive` mode slows this client after throttling, and Glue's
 * `OperationTimeoutException` (a 400 the SDK would not retry) is marked transient here.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { s3ClientConfig } from '../store/s3Config.js';
import type { S3Settings } from '../store/types.js';

export interface CatalogClientSettings {
  /** `--endpoint-url`: moto and LocalStack serve S3, Glue and Athena on one port. */
  readonly endpointUrl?: string;
  readonly region?: string;
}

const TRANSIENT_CATALOG_ERRORS = new Set(['OperationTimeoutException', 'InternalServiceException', 'ConcurrentModificationException']);

function clientConfig(settings: CatalogClientSettings, serviceEndpointEnv: string | undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3Like: S3Settings = {
    ...(settings.endpointUrl === undefined ? {} : { endpointUrl: settings.endpointUrl }),
    ...(settings.region === undefined ? {} : { region: settings.region }),
  };
  const { region, endpoint, maxAttempts, retryMode } = s3ClientConfig(s3Like, process.env);
  // A service-specific endpoint variable (AWS_ENDPOINT_URL_GLUE) beats the shared one.
  const chosenEndpoint = serviceEndpointEnv ?? endpoint;
  return {
    // Unset: the profile's region as the SDK finds it (~/.aws/config), else us-east-1, like S3.
    region: region ?? (() => new GlueClient({}).config.region().catch(() => 'us-east-1')),
    ...(chosenEndpoint === undefined ? {} : { endpoint: chosenEndpoint }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(retryMode === undefined ? {} : { retryMode }),
  };
}

const MARK_TRANSIENT = { step: 'finalizeRequest', priority: 'low', name: 'retryTransientCatalogErrors' } as const;
function markTransient<A, R>(next: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && TRANSIENT_CATALOG_ERRORS.has(name) && typeof error === 'object' && error !== null) {
        (error as { $retryable?: { throttling: boolean } }).$retryable = { throttling: name === 'ConcurrentModificationException' };
      }
      throw error;
    }
  };
}

export function createGlueClient(settings: CatalogClientSettings): GlueClient {
  const client = new GlueClient(clientConfig(settings, process.env.AWS_ENDPOINT_URL_GLUE));
  client.middlewareStack.add(markTransient, MARK_TRANSIENT);
  return client;
}

export function createAthenaClient(settings: CatalogClientSettings): AthenaClient {
  const client = new AthenaClient(clientConfig(settings, process.env.AWS_ENDPOINT_URL_ATHENA));
  client.middlewareStack.add(markTransient, MARK_TRANSIENT);
  return client;
}
