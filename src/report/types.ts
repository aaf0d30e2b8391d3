/**
 * The run report: the stable `--report json` contract of DESIGN.md §2 (plus extra fields). It
 * carries object keys, partitions, line numbers, counts and reasons, never record contents.
 */
import type { Command } from '../options.js';
import type { StoreCallCounts } from '../store/types.js';

export interface ReportConflict {
  /** The run whose unit it was (an unfinished earlier run when found during recovery). */
  readonly runId: string;
  readonly object: string;
  readonly reason: string;
  readonly message: string;
  readonly outputsRemoved: readonly string[];
  readonly outputsKept: readonly string[];
}

/** What `apply` did (null for plan and verify). */
export interface ReportCommit {
  readonly units: number;
  readonly committed: number;
  /** Units found already done (by an earlier attempt or a concurrent twin). */
  readonly alreadyCommitted: number;
  readonly conflicts: readonly ReportConflict[];
  readonly recoveredRuns: readonly { readonly runId: string; readonly units: number; readonly committed: number; readonly alreadyCommitted: number; readonly conflicts: number }[];
  /** versioning: `--backup auto` found bucket versioning Enabled, so the old versions are the undo. */
  readonly backup: 'copy' | 'none' | 'versioning';
  readonly statePrefix: string;
}

/** What the catalog has, had to get, or refused for the destination partitions. */
export interface ReportCatalog {
  readonly kind: 'none' | 'glue' | 'athena';
  readonly table: string | null;
  /** The table uses partition projection: nothing is written to the catalog. */
  readonly projection: boolean;
  /** plan: destinations the catalog lacks, which apply would register. */
  readonly toRegister: readonly string[];
  /** apply/repair: partitions registered by this run. */
  readonly registered: readonly string[];
  readonly failed: readonly { readonly partition: string; readonly reason: string }[];
  /** Destinations no query could see (outside the projection, registered elsewhere): not moved. */
  readonly invisible: readonly { readonly partition: string; readonly reason: string }[];
  readonly notes: readonly string[];
  /** Requests made to Glue or Athena, by API call. */
  readonly calls: Readonly<Record<string, number>>;
}

export interface ReportMove {
  readonly from: string;
  readonly to: string;
  readonly records: number;
  readonly objects: number;
  /** `late`, or `early` with --move-early. */
  readonly kind: 'late' | 'early';
}

export interface RunReport {
  readonly command: Command;
  readonly tableRoot: string;
  readonly toolVersion: string;
  readonly dryRun: boolean;
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly totals: {
    readonly objects: number;
    readonly records: number;
    readonly late: number;
    readonly early: number;
    readonly unplaceable: number;
    /** Bytes fetched from the store (Parquet: only the ranges read, see recordsNotDigested). */
    readonly bytesRead: number;
    readonly bytesWritten: number;
    /** Records that move (late, plus early with --move-early). */
    readonly moved: number;
    readonly objectsToRewrite: number;
    readonly decodedBytes: number;
    /**
     * Records in `records` that the checksum does not cover: rows of Parquet objects with nothing
     * to move, which are classified from footer statistics or the time column alone and never
     * decoded in full (they stay byte-identical). Everything that moves, and every row of an
     * object that is rewritten, is digested, so `checksum` still proves the moves exact. 0 for
     * JSON lines, which are always read in full.
     */
    readonly recordsNotDigested: number;
    readonly unreadableObjects: number;
    readonly skippedObjects: number;
    readonly keysNotInLayout: number;
  };
  readonly moves: readonly ReportMove[];
  readonly lagHistogram: readonly { readonly bucket: string; readonly records: number }[];
  /** First 100, by object key then line. */
  readonly unplaceable: readonly { readonly object: string; readonly line: number; readonly reason: string }[];
  readonly unplaceableByReason: Readonly<Record<string, number>>;
  readonly unreadable: readonly {
    readonly object: string;
    readonly reason: string;
    readonly message: string;
    readonly line?: number;
    readonly byteOffset?: number;
  }[];
  readonly skipped: readonly { readonly object: string; readonly reason: string; readonly message: string }[];
  /** First 100 keys that do not parse under the layout (never touched). */
  readonly notInLayout: readonly { readonly object: string; readonly reason: string }[];
  /** Destination partitions that hold no object yet. */
  readonly newPartitions: readonly string[];
  readonly runId: string | null;
  readonly planHash: string;
  /**
   * Order-independent digests `records:hex` of all records before and (predicted) after, except
   * the `totals.recordsNotDigested` rows of untouched Parquet objects.
   */
  readonly checksum: { readonly before: string; readonly after: string };
  readonly durationMs: number;
  readonly exitCode: number;
  readonly warnings: readonly string[];
  /** Statements that register the new partitions (`--catalog none` prints them, never runs them). */
  readonly ddl: readonly string[];
  readonly catalog: ReportCatalog;
  readonly commit: ReportCommit | null;
  /** Requests made to the object store, by call (mutating ones: createIfAbsent, deleteIfMatch, replaceIfMatch). */
  readonly storeCalls: StoreCallCounts;
}
