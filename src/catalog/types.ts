/**
 * The catalog boundary: destination partitions must be queryable before any source is deleted
 * (DESIGN.md §4). Backends: `none` (records DDL), `glue` (Glue Data Catalog API; also checks
 * partition projection) and `athena` (DDL through Athena).
 */

export type CatalogKind = 'none' | 'glue' | 'athena';

export interface InvisiblePartition {
  readonly partition: string;
  /** Why no query would see records there (outside the projection, registered elsewhere, …). */
  readonly reason: string;
}

export interface EnsurePartitionsResult {
  /** Partitions that had to be registered (for `none`: would have to be, as DDL). */
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** Partitions the catalog refused: their units must not delete sources. */
  readonly failed: readonly { readonly partition: string; readonly reason: string }[];
}

/** A read-only look at destination partitions, before anything is written. */
export interface CatalogInspection {
  readonly registered: readonly string[];
  /** Not registered yet: `ensurePartitions` will register them. */
  readonly missing: readonly string[];
  /** A query could never see records moved there: such moves are reported and not made. */
  readonly invisible: readonly InvisiblePartition[];
}

/** What the catalog did during a run, for the report. */
export interface CatalogSummary {
  readonly kind: CatalogKind;
  /** `database.table`, or null for `none`. */
  readonly table: string | null;
  /** The table uses partition projection: nothing is written to the catalog. */
  readonly projection: boolean;
  readonly created: readonly string[];
  readonly failed: readonly { readonly partition: string; readonly reason: string }[];
  readonly invisible: readonly InvisiblePartition[];
  readonly notes: readonly string[];
  /** Requests made to the catalog service, by API call. */
  readonly calls: Readonly<Record<string, number>>;
}

export interface Catalog {
  readonly kind: CatalogKind;
  inspect(partitions: readonly string[]): Promise<CatalogInspection>;
  ensurePartitions(partitions: readonly string[]): Promise<EnsurePartitionsResult>;
  /** DDL statements recorded so far (`none`), or run so far (`athena`). */
  ddl(): readonly string[];
  summary(): CatalogSummary;
}
