/**
 * The run report: the stable `--report json` contract of DESIGN.md §2 (plus extra fields). It
 * carries object keys, partitions, line numbers, counts and reasons, never record contents.
 */
import type { Command } from '../options.js';

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
    readonly bytesRead: number;
    readonly bytesWritten: number;
    /** Records that move (late, plus early with --move-early). */
    readonly moved: number;
    readonly objectsToRewrite: number;
    readonly decodedBytes: number;
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
  /** Order-independent digests `records:hex` of all records before and (predicted) after. */
  readonly checksum: { readonly before: string; readonly after: string };
  readonly durationMs: number;
  readonly exitCode: number;
  readonly warnings: readonly string[];
}
