/**
 * `repartition repair`: register every partition folder in the window that holds data but is
 * missing from the catalog (what MSCK REPAIR TABLE does, but for any layout, with explicit
 * locations, in batches, and without reading a single object). Moves nothing; `--dry-run`
 * registers nothing either.
 */
import { NoCatalog } from './catalog/none.js';
import { listTargets } from './list/listTargets.js';
import { compareKeys } from './plan/aggregate.js';
import type { RepairReport } from './report/repairReport.js';
import { remoteCatalogOf, reportCatalog } from './run.js';
import type { RunContext } from './run.js';
import type { ScanRunOptions } from './runOptions.js';

export async function runRepair(options: ScanRunOptions, dryRun: boolean, context: RunContext): Promise<RepairReport> {
  const startedAt = context.now();
  const { store, log } = context;
  const withData = new Set<string>();
  for await (const target of listTargets(store, options.layout, options.window, { onNotInLayout: () => undefined, onHidden: () => undefined })) {
    withData.add(target.partition);
  }
  const partitions = [...withData].sort(compareKeys);
  log.info('partitions with data', { count: partitions.length });

  const remote = remoteCatalogOf(options, context);
  const catalog = remote ?? new NoCatalog(options.layout, store.rootUri, withData);
  const inspection = partitions.length === 0 ? { registered: [], missing: [], invisible: [] } : await catalog.inspect(partitions);
  // none cannot know what is registered: every partition gets its (idempotent) DDL.
  const missing = catalog.kind === 'none' ? partitions : [...inspection.missing];
  if (missing.length > 0 && (!dryRun || catalog.kind === 'none')) await catalog.ensurePartitions(missing);
  const summary = reportCatalog(catalog.summary(), dryRun ? missing : []);
  const trouble = summary.failed.length + summary.invisible.length > 0;
  return {
    command: 'repair',
    tableRoot: store.rootUri,
    toolVersion: context.toolVersion,
    dryRun,
    window: options.windowText,
    partitionsWithData: partitions.length,
    alreadyRegistered: catalog.kind === 'glue' ? inspection.registered.length : 0,
    missing,
    catalog: summary,
    ddl: catalog.ddl(),
    durationMs: context.now() - startedAt,
    exitCode: trouble ? 3 : 0,
  };
}
