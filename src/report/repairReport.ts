/** `repartition repair`: its report and renderings (PURE). */
import type { ReportCatalog } from './types.js';

export interface RepairReport {
  readonly command: 'repair';
  readonly tableRoot: string;
  readonly toolVersion: string;
  readonly dryRun: boolean;
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** Partitions in the window that hold at least one data object (hidden `_`/`.` keys do not count). */
  readonly partitionsWithData: number;
  /** Of those, already in the catalog (unknown for none and athena: reported as 0). */
  readonly alreadyRegistered: number;
  /** Missing from the catalog: registered by this run, or listed by --dry-run. */
  readonly missing: readonly string[];
  readonly catalog: ReportCatalog;
  /** The DDL that registers `missing` (none: to run by hand; athena: what was run). */
  readonly ddl: readonly string[];
  readonly durationMs: number;
  readonly exitCode: number;
}

export function renderRepairText(report: RepairReport): string {
  const c = report.catalog;
  const out = [
    `repartition repair ${report.tableRoot}${report.dryRun ? '  (dry run: nothing registered)' : ''}`,
    `  catalog ${c.kind}${c.table === null ? '' : `:${c.table}`}${c.projection ? ' (partition projection: nothing to register)' : ''}`,
    `  partitions with data ${report.partitionsWithData}, already registered ${report.alreadyRegistered}, missing ${report.missing.length}`,
  ];
  if (report.missing.length > 0) {
    out.push('', report.dryRun ? 'WOULD REGISTER' : c.kind === 'none' ? 'MISSING (run the DDL below)' : 'REGISTERED');
    for (const p of report.missing.slice(0, 20)) out.push(`  ${p}`);
    if (report.missing.length > 20) out.push(`  … ${report.missing.length - 20} more in --report json (field "missing")`);
  }
  for (const f of c.failed) out.push(`  failed ${f.partition}: ${f.reason}`);
  for (const i of c.invisible) out.push(`  not queryable: ${i.partition}: ${i.reason}`);
  for (const note of c.notes) out.push(`  note: ${note}`);
  if (c.kind === 'none' && report.ddl.length > 0) {
    out.push('', 'ATHENA DDL (--catalog none changes no catalog)');
    for (const statement of report.ddl.slice(0, 20)) out.push(`  ${statement}`);
    if (report.ddl.length > 20) out.push(`  … ${report.ddl.length - 20} more in --report json (field "ddl")`);
  }
  return out.join('\n') + '\n';
}

export function renderRepairMarkdown(report: RepairReport): string {
  const c = report.catalog;
  const out = [
    `# repartition repair ${report.tableRoot}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    `Catalog \`${c.kind}${c.table === null ? '' : `:${c.table}`}\`: ${report.partitionsWithData} partitions with data, ${report.alreadyRegistered} already registered, ${report.missing.length} missing.`,
  ];
  if (report.missing.length > 0 || c.failed.length > 0 || c.invisible.length > 0) {
    out.push('', '| partition | state |', '|---|---|');
    const failed = new Map(c.failed.map((f) => [f.partition, f.reason]));
    for (const p of report.missing) out.push(`| \`${p}\` | ${failed.has(p) ? `failed: ${failed.get(p)!.replace(/[|\r\n]/g, ' ')}` : report.dryRun ? 'would register' : 'registered'} |`);
    for (const i of c.invisible) out.push(`| \`${i.partition}\` | not queryable: ${i.reason.replace(/[|\r\n]/g, ' ')} |`);
  }
  return out.join('\n') + '\n';
}
