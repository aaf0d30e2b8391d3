/** Aggregated scans + plan → RunReport (PURE). */
import type { Command } from '../options.js';
import type { ScanAggregator } from '../plan/aggregate.js';
import { formatDigest } from '../plan/digest.js';
import { LAG_BUCKET_LABELS } from '../plan/lag.js';
import type { Plan } from '../plan/types.js';
import type { StoreCallCounts } from '../store/types.js';
import type { ReportCatalog, ReportCommit, RunReport } from './types.js';

export interface ReportInput {
  readonly command: Command;
  readonly toolVersion: string;
  readonly dryRun: boolean;
  readonly plan: Plan;
  readonly aggregate: ScanAggregator;
  readonly newPartitions: readonly string[];
  readonly runId: string | null;
  readonly bytesWritten: number;
  readonly durationMs: number;
  readonly exitCode: number;
  readonly warnings: readonly string[];
  readonly ddl: readonly string[];
  readonly catalog: ReportCatalog;
  readonly commit: ReportCommit | null;
  readonly storeCalls: StoreCallCounts;
  /** Digest of the records after the run, when it differs from the scan's (apply). */
  readonly checksumAfter?: string;
}

export function buildReport(input: ReportInput): RunReport {
  const { aggregate, plan } = input;
  const t = aggregate.totals;
  const checksum = formatDigest(aggregate.checksum);
  return {
    command: input.command,
    tableRoot: plan.tableRoot,
    toolVersion: input.toolVersion,
    dryRun: input.dryRun,
    window: plan.window,
    totals: {
      objects: t.objects,
      records: t.records,
      late: t.late,
      early: t.early,
      unplaceable: t.unplaceable,
      bytesRead: t.bytesRead,
      bytesWritten: input.bytesWritten,
      moved: plan.totals.moved,
      objectsToRewrite: plan.units.length,
      decodedBytes: t.decodedBytes,
      recordsNotDigested: t.recordsNotDigested,
      unreadableObjects: t.unreadable,
      skippedObjects: t.skipped,
      keysNotInLayout: t.notInLayout,
    },
    moves: aggregate.moves().map(({ from, to, records, objects, kind }) => ({ from, to, records, objects, kind })),
    lagHistogram: LAG_BUCKET_LABELS.map((bucket, i) => ({ bucket, records: aggregate.lagHistogram[i] ?? 0 })),
    unplaceable: aggregate.unplaceableSamples(),
    unplaceableByReason: Object.fromEntries(Object.entries(aggregate.unplaceableByReason).sort(([a], [b]) => (a < b ? -1 : 1))),
    unreadable: aggregate.sortedUnreadable().map((u) => ({
      object: u.key,
      reason: u.reason,
      message: u.message,
      ...(u.line === undefined ? {} : { line: u.line }),
      ...(u.byteOffset === undefined ? {} : { byteOffset: u.byteOffset }),
    })),
    skipped: aggregate.sortedSkipped().map((s) => ({ object: s.key, reason: s.reason, message: s.message })),
    notInLayout: aggregate.notInLayoutSamples().map((n) => ({ object: n.key, reason: n.reason })),
    newPartitions: [...input.newPartitions],
    runId: input.runId,
    planHash: plan.planHash,
    checksum: { before: checksum, after: input.checksumAfter ?? checksum },
    durationMs: input.durationMs,
    exitCode: input.exitCode,
    warnings: [...input.warnings],
    ddl: [...input.ddl],
    catalog: input.catalog,
    commit: input.commit,
    storeCalls: { ...input.storeCalls },
  };
}
