/**
 * The plan: a plain, deterministic, serialisable value. It is the dry-run output, the journal the
 * commit stage writes before touching anything, and a test fixture. Same input → same plan hash.
 */
import type { ObjectShape } from '../detect/types.js';

/** The options that decide where records go; their hash names every output (unit ids). */
export interface PlanConfig {
  readonly layout: string;
  readonly partitionTz: string;
  readonly timeField: string;
  readonly timeFormat: string;
  readonly timestampTz: string;
  readonly maxLagMs: number;
  readonly moveEarly: boolean;
  readonly format: 'auto' | 'jsonl' | 'parquet';
}

export interface PlannedOutput {
  /** Partition path relative to the table root. */
  readonly partition: string;
  readonly key: string;
  readonly records: number;
  /** Multiset digest of the output's records (`records:hex`). */
  readonly digest: string;
}

/** One source object with records to move: the unit of work of the commit protocol. */
export interface PlanUnit {
  readonly unitId: string;
  readonly source: { readonly key: string; readonly etag: string; readonly size: number; readonly partition: string };
  /**
   * How to write the outputs: a JSON-lines framing (compression, delimiter…; untagged, as plans
   * before Parquet had it, so their hashes are unchanged) or `{ format: 'parquet' }` (schema,
   * codecs and metadata come from the source's footer, read again at commit time).
   */
  readonly shape: ObjectShape;
  /** Moved records, one output per destination partition, in chronological order. */
  readonly outputs: readonly PlannedOutput[];
  /** The records that stay, rewritten next to the source; null when every record moves. */
  readonly rest: PlannedOutput | null;
  readonly sourceDigest: string;
}

export interface PlanTotals {
  readonly objects: number;
  readonly records: number;
  readonly late: number;
  readonly early: number;
  readonly unplaceable: number;
  readonly moved: number;
  readonly units: number;
}

export interface Plan {
  readonly version: 1;
  readonly tableRoot: string;
  readonly config: PlanConfig;
  readonly configHash: string;
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly units: readonly PlanUnit[];
  readonly totals: PlanTotals;
  /** Order-independent digest of every record scanned (`records:hex`). */
  readonly checksum: string;
  /** sha256 of everything above, in canonical form. */
  readonly planHash: string;
}
