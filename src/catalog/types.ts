/**
 * The catalog boundary: destination partitions must be queryable before any source is deleted.
 * This version ships `none`, which changes nothing and records the DDL it would run; Glue and
 * Athena backends implement the same interface.
 */

export interface EnsurePartitionsResult {
  /** Partitions that had to be registered (for `none`: would have to be, as DDL). */
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** Partitions the catalog refused: their units must not delete sources. */
  readonly failed: readonly { readonly partition: string; readonly reason: string }[];
}

export interface Catalog {
  readonly kind: 'none';
  ensurePartitions(partitions: readonly string[]): Promise<EnsurePartitionsResult>;
  /** DDL statements recorded so far (for the report). */
  ddl(): readonly string[];
}
