/** Validated raw option values → the typed settings of a scan run. Compiles everything once so
 * that a bad layout, zone or format is a usage error before any object is read. */
import { UsageError } from './errors.js';
import type { CatalogSettings } from './catalog/open.js';
import { parseCatalogSpec } from './catalog/spec.js';
import type { ScanSettings } from './detect/types.js';
import { compileLayout } from './layout/index.js';
import type { Layout } from './layout/types.js';
import type { Window } from './list/listTargets.js';
import type { PlanConfig } from './plan/types.js';
import type { RawValues } from './resolveOptions.js';
import { compileTimeFormat, loadZone, parseDurationMs, parseInstant } from './time/index.js';
import type { Zone } from './time/types.js';

export interface ScanRunOptions {
  readonly settings: ScanSettings;
  readonly config: PlanConfig;
  readonly layout: Layout;
  readonly window: Window | null;
  readonly windowText: { readonly from: string | null; readonly to: string | null };
  readonly report: 'text' | 'json' | 'markdown';
  readonly reportOut: string;
  readonly concurrency: number;
  readonly workers: number | undefined;
  readonly catalog: CatalogSettings;
}

function str(values: RawValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function zoneFor(name: string, option: string): Zone {
  try {
    return loadZone(name);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${option}: ${error.message}`, { option });
    throw error;
  }
}

export function resolveScanRun(values: RawValues, nowMs: number): ScanRunOptions {
  const partitionTz = str(values, 'partition-tz') ?? 'UTC';
  const timestampTz = str(values, 'timestamp-tz') ?? 'UTC';
  const partitionZone = zoneFor(partitionTz, '--partition-tz');
  zoneFor(timestampTz, '--timestamp-tz');
  const layoutSpec = str(values, 'layout') ?? 'hive';
  const layout = compileLayout(layoutSpec, partitionZone);
  const timeFormat = str(values, 'time-format') ?? 'auto';
  compileTimeFormat(timeFormat);
  const timeField = str(values, 'time-field') ?? 'timestamp';
  if (timeField.split('.').some((part) => part === '')) {
    throw new UsageError(`Expected --time-field to be a field name or dotted path such as meta.ts, got "${timeField}"`, { option: '--time-field' });
  }
  const format = (str(values, 'format') ?? 'auto') as ScanSettings['format'];
  const maxLagMs = parseDurationMs(str(values, 'max-lag') ?? '7d', '--max-lag');
  const moveEarly = values['move-early'] === true;

  // The expanded template (not the preset name) goes into the config, so `hive` and its spelled-out
  // template plan identically and hash identically.
  const config: PlanConfig = { layout: layout.template, partitionTz, timeField, timeFormat, timestampTz, maxLagMs, moveEarly, format };
  const { window, windowText } = resolveWindow(values, partitionZone, nowMs);
  return {
    settings: config,
    config,
    layout,
    window,
    windowText,
    report: (str(values, 'report') ?? 'text') as ScanRunOptions['report'],
    reportOut: str(values, 'report-out') ?? '-',
    concurrency: Number(str(values, 'concurrency') ?? '8'),
    workers: str(values, 'workers') === undefined ? undefined : Number(str(values, 'workers')),
    catalog: resolveCatalog(values),
  };
}

export function resolveCatalog(values: RawValues): CatalogSettings {
  const spec = parseCatalogSpec(str(values, 'catalog') ?? 'none');
  const workgroup = str(values, 'athena-workgroup');
  const output = str(values, 'athena-output');
  if (spec.kind !== 'athena') {
    for (const [flag, value] of [['--athena-workgroup', workgroup], ['--athena-output', output]] as const) {
      if (value !== undefined) throw new UsageError(`${flag} only applies to --catalog athena:DB.TABLE`, { option: flag });
    }
  }
  if (output !== undefined && !/^s3:\/\/[^/]+/.test(output)) {
    throw new UsageError(`Expected --athena-output to be an s3:// prefix, got ${JSON.stringify(output)}`, { option: '--athena-output' });
  }
  return {
    spec,
    ...(workgroup === undefined ? {} : { athenaWorkgroup: workgroup }),
    ...(output === undefined ? {} : { athenaOutput: output }),
    athenaTimeoutMs: parseDurationMs(str(values, 'athena-timeout') ?? '5m', '--athena-timeout'),
  };
}

function resolveWindow(values: RawValues, zone: Zone, nowMs: number): Pick<ScanRunOptions, 'window' | 'windowText'> {
  const from = str(values, 'from');
  const to = str(values, 'to');
  const since = str(values, 'since');
  if (since !== undefined) {
    if (from !== undefined || to !== undefined) {
      throw new UsageError('Expected either --since (trailing window) or --from/--to, not both', { option: '--since' });
    }
    const settleMs = parseDurationMs(str(values, 'settle') ?? '15m', '--settle');
    const fromMs = nowMs - parseDurationMs(since, '--since');
    const toMs = nowMs - settleMs;
    if (fromMs >= toMs) throw new UsageError('Expected --since to be longer than --settle', { option: '--since' });
    return { window: { fromMs, toMsExclusive: toMs }, windowText: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() } };
  }
  if (from === undefined && to === undefined) return { window: null, windowText: { from: null, to: null } };
  const fromMs = from === undefined ? null : parseInstant(from, zone, '--from');
  const toMs = to === undefined ? null : parseInstant(to, zone, '--to');
  if (fromMs !== null && toMs !== null && fromMs >= toMs) {
    throw new UsageError(`Expected --from (${from}) to be before --to (${to})`, { option: '--from' });
  }
  return {
    window: { fromMs, toMsExclusive: toMs },
    windowText: {
      from: fromMs === null ? null : new Date(fromMs).toISOString(),
      to: toMs === null ? null : new Date(toMs).toISOString(),
    },
  };
}
