/**
 * Every Glue/Athena request goes through here: counted by API call for the report, and an SDK
 * error turned into a RepartitionError that names the table and says what to check. The SDK
 * error itself is never attached (it carries the raw HTTP exchange); only its name and message.
 */
import { RepartitionError } from '../errors.js';

export class CatalogCalls {
  readonly #counts: Record<string, number> = {};

  /** `prefix` names the service in messages (`Athena StartQueryExecution failed …`). */
  constructor(
    private readonly table: string,
    private readonly prefix = '',
  ) {}

  async send<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.#counts[name] = (this.#counts[name] ?? 0) + 1;
    try {
      return await run();
    } catch (error) {
      throw catalogError(`${this.prefix}${name}`, this.table, error);
    }
  }

  counts(): Record<string, number> {
    return { ...this.#counts };
  }
}

export function catalogError(operation: string, table: string, error: unknown): RepartitionError {
  if (error instanceof RepartitionError) return error;
  const shape = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown; attempts?: unknown } } | null;
  const name = typeof shape?.name === 'string' ? shape.name : 'Error';
  const message = typeof shape?.message === 'string' ? shape.message : String(error);
  const attempts = shape?.$metadata?.attempts;
  const detail = `${name}${typeof attempts === 'number' && attempts > 1 ? ` after ${attempts} attempts` : ''}: ${message}`;
  if (name === 'EntityNotFoundException') {
    return new RepartitionError('CATALOG_CONFIG', `${operation} failed for ${table}: ${detail}`, { hint: 'Check the database and table names in --catalog, and the region (AWS_REGION).' });
  }
  const hint = name === 'AccessDeniedException' || name === 'AccessDenied'
    ? 'The credentials in use lack a catalog permission: see "IAM policy" in the README (glue:GetTable, glue:BatchGetPartition, glue:BatchCreatePartition; Athena: athena:StartQueryExecution, athena:GetQueryExecution).'
    : /Credentials|InvalidClientTokenId|UnrecognizedClient|ExpiredToken|SignatureDoesNotMatch/.test(name)
      ? 'Check the AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the task role.'
      : /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError/.test(`${name} ${message}`)
        ? 'Cannot reach the catalog endpoint: check --endpoint-url (or AWS_ENDPOINT_URL_GLUE / AWS_ENDPOINT_URL_ATHENA), the region and the network.'
        : /Throttling|TooManyRequests/.test(name)
          ? 'The catalog kept throttling after every retry: run again later, or raise AWS_MAX_ATTEMPTS.'
          : 'Sources whose partitions the catalog has not confirmed were not deleted; the next apply finishes the run.';
  return new RepartitionError('CATALOG_IO', `${operation} failed for ${table}: ${detail}`, { cause: new Error(`${name}: ${message}`), hint });
}
