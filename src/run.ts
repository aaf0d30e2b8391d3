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
import { invisibleDestinations, openRemoteCatalog } from './catalog/open.js';
import type { CatalogClientSettings } from './catalog/open.js';
import type { Catalog, CatalogSummary } from './catalog/types.js';
import type { ReportCatalog } from './report/types.js';
import type { CountingStore } from './store/counting.js';
import type { ObjectStore, StoreConfig } from './store/types.js';
import { bytes, count } from './report/format.js';

export interface RunContext {
  readonly store: CountingStore;
  readonly storeConfig: StoreConfig;
  readonly log: Logger;
  readonly now: () => number;
  readonly toolVersion: string;
  /** Endpoint and region for Glue and Athena (the same as for S3). */
  readonly catalogClient?: CatalogClientSettings;
}

export interface ScanResult {
  readonly plan: Plan;
  readonly aggregate: ScanAggregator;
  readonly newPartitions: readonly string[];
}

/**
 * Says which destination partitions no query could see (with why); objects with moves there are
 * held back before planning, so a dry run and apply plan the same units.
 */
export type DestinationScreen = (destinations: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Lists and scans the window with bounded concurrency, then plans. Reads only; writes nothing. */
export async function scanAndPlan(options: ScanRunOptions, context: RunContext, screen?: DestinationScreen): Promise<ScanResult> {
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
  if (screen !== undefined) await holdInvisibleMoves(aggregate, screen);
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

async function holdInvisibleMoves(aggregate: ScanAggregator, screen: DestinationScreen): Promise<void> {
  const scans = aggregate.scansWithMoves();
  const blocked = await screen([...new Set(scans.flatMap((scan) => scan.moves.map((m) => m.to)))].sort());
  if (blocked.size === 0) return;
  for (const scan of scans) {
    const bad = scan.moves.map((m) => m.to).filter((to) => blocked.has(to));
    if (bad.length === 0) continue;
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more destinations)` : '';
    aggregate.hold(scan.key, 'destination-not-queryable', `records for ${bad[0]} stay here: ${blocked.get(bad[0]!)}${more}`);
  }
}

/** The catalog of `--catalog` (Glue/Athena), or null for `none`. */
export function remoteCatalogOf(options: ScanRunOptions, context: RunContext): Catalog | null {
  return openRemoteCatalog(options.catalog, { layout: options.layout, tableRootUri: context.store.rootUri, client: context.catalogClient ?? {}, now: context.now });
}

export function screenOf(catalog: Catalog | null): DestinationScreen | undefined {
  return catalog === null ? undefined : (destinations) => invisibleDestinations(catalog, destinations);
}

export function reportCatalog(summary: CatalogSummary, toRegister: readonly string[] = []): ReportCatalog {
  return {
    kind: summary.kind,
    table: summary.table,
    projection: summary.projection,
    toRegister: [...toRegister],
    registered: [...summary.created],
    failed: [...summary.failed],
    invisible: [...summary.invisible],
    notes: [...summary.notes],
    calls: { ...summary.calls },
  };
}

/** Every destination partition of the plan's units, sorted. */
function destinationsOf(plan: Plan): string[] {
  return [...new Set(plan.units.flatMap((u) => u.outputs.map((o) => o.partition)))].sort();
}

/** Destination partitions with no object yet (a listing of at most one key each). */
async function findNewPartitions(store: ObjectStore, plan: Plan, seen: ReadonlySet<string>): Promise<string[]> {
  const fresh: string[] = [];
  for (const partition of destinationsOf(plan)) {
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
  const remote = remoteCatalogOf(options, context);
  const { plan, aggregate, newPartitions } = await scanAndPlan(options, context, screenOf(remote));
  const catalog = remote ?? new NoCatalog(options.layout, context.store.rootUri, new Set(newPartitions));
  // A dry run only asks: none records DDL; Glue says what it lacks; Athena cannot tell cheaply.
  let toRegister: readonly string[] = [];
  if (remote === null) await catalog.ensurePartitions(newPartitions);
  else if (remote.kind === 'glue') toRegister = (await remote.inspect(destinationsOf(plan))).missing;
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
    catalog: reportCatalog(catalog.summary(), toRegister),
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
