/**
 * The pipeline on one screen: list → read → detect → plan → report. (`apply` adds recover,
 * commit and catalog repair around the same planner, so a dry run and a real run cannot differ.)
 */
import pLimit from 'p-limit';
import { createScanPool } from './detect/pool.js';
import type { ObjectScan } from './detect/types.js';
import { listTargets } from './list/listTargets.js';
import type { Logger } from './log.js';
import { ScanAggregator } from './plan/aggregate.js';
import { buildPlan } from './plan/buildPlan.js';
import type { Plan } from './plan/types.js';
import { buildReport } from './report/buildReport.js';
import type { RunReport } from './report/types.js';
import type { ScanRunOptions } from './runOptions.js';
import { NoCatalog } from './catalog/none.js';
import type { CountingStore } from './store/counting.js';
import type { ObjectStore, StoreConfig } from './store/types.js';
import { bytes, count } from './report/format.js';

export interface RunContext {
  readonly store: CountingStore;
  readonly storeConfig: StoreConfig;
  readonly log: Logger;
  readonly now: () => number;
  readonly toolVersion: string;
}

export interface ScanResult {
  readonly plan: Plan;
  readonly aggregate: ScanAggregator;
  readonly newPartitions: readonly string[];
}

/** Lists and scans the window with bounded concurrency, then plans. Reads only; writes nothing. */
export async function scanAndPlan(options: ScanRunOptions, context: RunContext): Promise<ScanResult> {
  const { store, log } = context;
  const aggregate = new ScanAggregator();
  const pool = createScanPool({
    settings: options.settings,
    store,
    storeConfig: context.storeConfig,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  const limit = pLimit(options.concurrency);
  const inFlight = new Set<Promise<void>>();
  const seenPartitions = new Set<string>();
  try {
    const targets = listTargets(store, options.layout, options.window, {
      onNotInLayout: (ignored) => aggregate.addNotInLayout(ignored),
      onHidden: () => aggregate.addHidden(),
    });
    for await (const target of targets) {
      seenPartitions.add(target.partition);
      // Wait for a free slot before listing further: listing stays at most `concurrency` ahead.
      while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      const task: Promise<void> = limit(() => pool.scan(target)).then((scan: ObjectScan) => {
        aggregate.add(scan);
        const t = aggregate.totals;
        log.progress(`scanned ${count(t.objects)} objects, ${count(t.records)} records, ${bytes(t.bytesRead)}; late ${count(t.late)}`, {
          objects: t.objects,
          records: t.records,
          late: t.late,
          bytesRead: t.bytesRead,
        });
      });
      inFlight.add(task);
      void task.then(
        () => inFlight.delete(task),
        () => inFlight.delete(task),
      );
    }
    await Promise.all(inFlight);
  } finally {
    log.done();
    await pool.close();
  }
  const t = aggregate.totals;
  const plan = buildPlan({
    tableRoot: store.rootUri,
    config: options.config,
    window: options.windowText,
    scans: aggregate.scansWithMoves(),
    totals: { objects: t.objects, records: t.records, late: t.late, early: t.early, unplaceable: t.unplaceable },
    checksum: aggregate.checksum,
  });
  const newPartitions = await findNewPartitions(store, plan, seenPartitions);
  return { plan, aggregate, newPartitions };
}

/** Destination partitions with no object yet (a listing of at most one key each). */
async function findNewPartitions(store: ObjectStore, plan: Plan, seen: ReadonlySet<string>): Promise<string[]> {
  const destinations = [...new Set(plan.units.flatMap((u) => u.outputs.map((o) => o.partition)))].sort();
  const fresh: string[] = [];
  for (const partition of destinations) {
    if (seen.has(partition)) continue;
    let exists = false;
    for await (const _ of store.list(`${partition}/`)) {
      exists = true;
      break;
    }
    if (!exists) fresh.push(partition);
  }
  return fresh;
}

/** `repartition plan` (dry run) and `repartition verify` (the same scan; exit 4 if late records remain). */
export async function runPlan(command: 'plan' | 'verify', options: ScanRunOptions, context: RunContext): Promise<RunReport> {
  const startedAt = context.now();
  context.log.info('scanning', { table: context.store.rootUri, from: options.windowText.from, to: options.windowText.to });
  const { plan, aggregate, newPartitions } = await scanAndPlan(options, context);
  const catalog = new NoCatalog(options.layout, context.store.rootUri, new Set(newPartitions));
  await catalog.ensurePartitions(newPartitions);
  // Skipped objects (unreadable, or a format this version leaves alone) were not checked: say so.
  const skippedAny = aggregate.totals.unreadable + aggregate.totals.skipped > 0;
  const exitCode = command === 'verify' && plan.totals.moved > 0 ? 4 : skippedAny ? 3 : 0;
  return buildReport({
    command,
    toolVersion: context.toolVersion,
    dryRun: true,
    plan,
    aggregate,
    newPartitions,
    runId: null,
    bytesWritten: 0,
    durationMs: context.now() - startedAt,
    exitCode,
    warnings: warningsFor(aggregate, options),
    ddl: catalog.ddl(),
    commit: null,
    storeCalls: context.store.counts,
  });
}

function warningsFor(aggregate: ScanAggregator, options: ScanRunOptions): string[] {
  const t = aggregate.totals;
  const warnings: string[] = [];
  const missing = aggregate.unplaceableByReason['missing-field'] ?? 0;
  if (t.records > 0 && missing / t.records > 0.5) {
    warnings.push(`${count(missing)} of ${count(t.records)} records have no "${options.settings.timeField}" field: is --time-field right?`);
  }
  if (t.objects === 0) warnings.push('no objects found in the window: check the table root, --layout and --from/--to');
  return warnings;
}
