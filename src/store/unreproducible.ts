/**
 * Objects a rewrite cannot reproduce, so they are skipped before anything is written and listed
 * in the report (reliability.md §4.4):
 * - `archived-storage-class`: GLACIER and DEEP_ARCHIVE (Flexible Retrieval / Deep Archive) cannot
 *   be read without a restore; an INTELLIGENT_TIERING object in an archive tier answers
 *   `InvalidObjectState` to a read. GLACIER_IR (Instant Retrieval) is read like STANDARD and is
 *   rewritten, keeping its class.
 * - `sse-c`: encrypted with a customer-provided key that this tool does not hold; S3 refuses to
 *   read it (400) without that key.
 */
import { RepartitionError } from '../errors.js';

export const UNREPRODUCIBLE_REASONS = ['archived-storage-class', 'sse-c'] as const;
export type UnreproducibleReason = (typeof UNREPRODUCIBLE_REASONS)[number];

/** Storage classes whose objects cannot be read without a restore. */
export const ARCHIVED_STORAGE_CLASSES: ReadonlySet<string> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export function isArchivedStorageClass(storageClass: string | undefined): boolean {
  return storageClass !== undefined && ARCHIVED_STORAGE_CLASSES.has(storageClass);
}

export function unreproducibleMessage(reason: UnreproducibleReason, detail: string): string {
  switch (reason) {
    case 'archived-storage-class':
      return `in an archive storage class (${detail}): it cannot be read without a restore; restore it to move its records`;
    case 'sse-c':
      return `encrypted with a customer-provided key (SSE-C) this tool does not hold; left untouched`;
  }
}

/** Thrown by a store's read when the object is one of the above; the scanner turns it into a skip. */
export class UnreproducibleObjectError extends RepartitionError {
  override readonly name = 'UnreproducibleObjectError';
  constructor(
    readonly reason: UnreproducibleReason,
    key: string,
    readonly detail: string,
  ) {
    super('UNREADABLE_OBJECT', `${JSON.stringify(key)} is ${unreproducibleMessage(reason, detail)}`, { context: { object: key } });
  }
}
