/**
 * One error type for everything the job reports on purpose. `cli.ts` is the only place that turns
 * these into text and an exit code; a user mistake never prints a stack trace.
 */

/** Stable codes: tests and operators match on these, so never rename one. */
export const ERROR_CODES = [
  'USAGE', // bad flag, value, config file or env var (exit 2)
  'TABLE_NOT_FOUND', // the table root does not exist (exit 2)
  'KEY_OUTSIDE_ROOT', // a key escaped the table root or state prefix (exit 1: a bug, never data)
  'STORE_IO', // the object store failed in a way retries did not cure (exit 1)
  'UNREADABLE_OBJECT', // an object whose bytes cannot all be accounted for (reported, object skipped)
  'PRECONDITION_FAILED', // a conditional create/delete found something else there
  'NOT_FOUND', // an object that should exist does not
  'LOCKED', // another run holds the table's lease (exit 75: try again later)
  'LEASE_LOST', // our lease expired or was taken over: stopped before the next mutation (exit 1)
  'CIRCUIT_BREAKER', // the plan is larger than --max-moves: nothing was changed (exit 1)
  'INTERRUPTED', // SIGTERM/SIGINT: stopped before the next change, lease released (exit 143/130)
  'CATALOG_CONFIG', // the catalog table does not fit the layout, or does not exist (exit 2)
  'CATALOG_IO', // a Glue or Athena call failed in a way retries did not cure (exit 1)
  'INTERNAL', // an invariant broke: a bug (exit 1)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where a problem is: any subset of these, printed in this order. */
export interface ErrorContext {
  readonly option?: string;
  readonly object?: string;
  readonly line?: number;
  readonly byteOffset?: number;
  readonly partition?: string;
  readonly [extra: string]: string | number | undefined;
}

export class RepartitionError extends Error {
  override readonly name: string = 'RepartitionError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  /** What the operator should do next; printed after the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { context?: ErrorContext; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
}

/** A mistake in how the tool was called: exit 2, one line, no stack. */
export class UsageError extends RepartitionError {
  override readonly name = 'UsageError';
  constructor(message: string, options: { option?: string; hint?: string } = {}) {
    super('USAGE', message, {
      ...(options.option === undefined ? {} : { context: { option: options.option } }),
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
  }
}

/** Exhaustiveness guard for `switch` over closed unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new RepartitionError('INTERNAL', `Unexpected ${what}: ${JSON.stringify(value)}`);
}
