/** RunReport → the human report (PURE). Dense, aligned, grep-able; no record contents. */
import { bytes, count, displayKey, padEnd, padStart, plural, seconds } from './format.js';
import type { RunReport } from './types.js';

const MAX_MOVE_ROWS = 50;
const MAX_LOCATION_ROWS = 10;
const BAR_WIDTH = 30;

export function renderText(report: RunReport): string {
  const t = report.totals;
  const out: string[] = [];
  const title = report.dryRun ? 'dry run: nothing was changed' : `run ${report.runId ?? ''}`.trim();
  out.push(`repartition ${report.command}  ${displayKey(report.tableRoot)}  (${title})`);
  out.push('');
  const window = report.window.from === null && report.window.to === null ? 'whole table' : `${report.window.from ?? '…'} → ${report.window.to ?? '…'}`;
  out.push(`  window        ${window}`);
  out.push(
    `  scanned       ${plural(t.objects, 'object')}, ${plural(t.records, 'record')}, ${bytes(t.bytesRead)} read (${bytes(t.decodedBytes)} decoded) in ${seconds(report.durationMs)}`,
  );
  // Parquet objects with nothing to move are classified from statistics or the time column alone.
  if (t.recordsNotDigested > 0) out.push(`  not digested  ${plural(t.recordsNotDigested, 'record')} (Parquet objects with nothing to move, not read in full)`);
  const destinations = new Set(report.moves.map((m) => m.to)).size;
  const verb = report.dryRun ? 'would move' : 'moved';
  out.push(
    `  late          ${plural(t.late, 'record')}` +
      (t.moved > 0 ? ` → ${verb} ${plural(t.moved, 'record')} out of ${plural(t.objectsToRewrite, 'object')} into ${plural(destinations, 'partition')}` : ''),
  );
  const earlyNote = report.moves.some((m) => m.kind === 'early') ? 'moved with --move-early' : 'stay; --move-early would move them';
  out.push(`  early         ${plural(t.early, 'record')}${t.early > 0 ? ` (${earlyNote})` : ''}`);
  const reasons = Object.entries(report.unplaceableByReason).map(([reason, n]) => `${reason} ${count(n)}`);
  out.push(`  unplaceable   ${plural(t.unplaceable, 'record')}${reasons.length > 0 ? ` (stay where they are: ${reasons.join(', ')})` : ''}`);
  if (t.unreadableObjects > 0) out.push(`  unreadable    ${plural(t.unreadableObjects, 'object')} (left untouched)`);
  if (t.skippedObjects > 0) out.push(`  skipped       ${plural(t.skippedObjects, 'object')} (left untouched)`);
  if (t.keysNotInLayout > 0) out.push(`  not in layout ${plural(t.keysNotInLayout, 'key')} (left untouched)`);
  const commit = report.commit;
  if (commit !== null) {
    out.push(`  committed     ${plural(commit.committed, 'unit')}${commit.alreadyCommitted > 0 ? ` (+${count(commit.alreadyCommitted)} found already done)` : ''}, ${bytes(t.bytesWritten)} written`);
    if (commit.recoveredRuns.length > 0) out.push(`  recovered     ${plural(commit.recoveredRuns.length, 'unfinished run')} finished first: ${commit.recoveredRuns.map((r) => r.runId).join(', ')}`);
    if (commit.conflicts.length > 0) out.push(`  conflicts     ${plural(commit.conflicts.length, 'object')} left as they are (see CONFLICTS)`);
    if (commit.backup === 'copy' && commit.committed > 0) out.push(`  backup        rewritten sources were copied to ${displayKey(commit.statePrefix)}backup/${report.runId ?? ''}/`);
    if (commit.backup === 'versioning' && commit.committed > 0) out.push('  backup        none copied: the bucket is versioned, so each rewritten source stays as a noncurrent version behind a delete marker');
  }
  if (report.newPartitions.length > 0) out.push(`  new partitions ${report.newPartitions.length}: ${report.newPartitions.slice(0, 5).join(', ')}${report.newPartitions.length > 5 ? ', …' : ''}`);

  if (report.moves.length > 0) {
    out.push('', 'MOVES');
    const width = Math.max(4, ...report.moves.map((m) => m.from.length));
    const toWidth = Math.max(2, ...report.moves.map((m) => m.to.length));
    out.push(`  ${padEnd('FROM', width)}    ${padEnd('TO', toWidth)}  ${padStart('RECORDS', 10)}  ${padStart('OBJECTS', 8)}`);
    for (const m of report.moves.slice(0, MAX_MOVE_ROWS)) {
      const tag = m.kind === 'early' ? '  (early)' : '';
      out.push(`  ${padEnd(m.from, width)} →  ${padEnd(m.to, toWidth)}  ${padStart(count(m.records), 10)}  ${padStart(count(m.objects), 8)}${tag}`);
    }
    if (report.moves.length > MAX_MOVE_ROWS) out.push(`  … ${report.moves.length - MAX_MOVE_ROWS} more rows in --report json`);
  }

  const lagTotal = report.lagHistogram.reduce((s, b) => s + b.records, 0);
  if (lagTotal > 0) {
    out.push('', 'LAG OF LATE RECORDS (event time to the start of the partition they sit in)');
    const max = Math.max(...report.lagHistogram.map((b) => b.records));
    const last = report.lagHistogram.findLastIndex((b) => b.records > 0);
    for (const b of report.lagHistogram.slice(0, last + 1)) {
      const bar = '█'.repeat(b.records === 0 ? 0 : Math.max(1, Math.round((b.records / max) * BAR_WIDTH)));
      out.push(`  ${padStart(b.bucket, 6)}  ${padEnd(bar, BAR_WIDTH)}  ${padStart(count(b.records), 10)}`);
    }
  }

  if (report.unplaceable.length > 0) {
    out.push('', `UNPLACEABLE (first ${Math.min(MAX_LOCATION_ROWS, report.unplaceable.length)} of ${count(t.unplaceable)}; they stay where they are)`);
    for (const u of report.unplaceable.slice(0, MAX_LOCATION_ROWS)) out.push(`  ${displayKey(u.object)}:${u.line}  ${u.reason}`);
  }
  if (report.unreadable.length > 0) {
    out.push('', 'UNREADABLE OBJECTS (untouched; fix or remove them, then re-run)');
    for (const u of report.unreadable.slice(0, MAX_LOCATION_ROWS)) {
      const where = u.line !== undefined ? ` line ${u.line}` : u.byteOffset !== undefined ? ` byte ${u.byteOffset}` : '';
      out.push(`  ${displayKey(u.object)}${where}  ${u.reason}: ${u.message}`);
    }
    if (report.unreadable.length > MAX_LOCATION_ROWS) out.push(`  … ${report.unreadable.length - MAX_LOCATION_ROWS} more in --report json`);
  }
  if (report.skipped.length > 0) {
    out.push('', 'SKIPPED OBJECTS (untouched)');
    for (const s of report.skipped.slice(0, MAX_LOCATION_ROWS)) out.push(`  ${displayKey(s.object)}  ${s.reason}: ${s.message}`);
  }
  if (report.notInLayout.length > 0) {
    out.push('', `NOT IN LAYOUT (first ${Math.min(MAX_LOCATION_ROWS, report.notInLayout.length)} of ${count(t.keysNotInLayout)}; untouched)`);
    for (const n of report.notInLayout.slice(0, MAX_LOCATION_ROWS)) out.push(`  ${displayKey(n.object)}  ${n.reason}`);
  }
  if (commit !== null && commit.conflicts.length > 0) {
    out.push('', 'CONFLICTS (sources changed or removed by someone else while we worked; nothing was lost)');
    for (const c of commit.conflicts.slice(0, MAX_LOCATION_ROWS)) out.push(`  ${displayKey(c.object)}  ${c.reason}: ${c.message}`);
  }
  out.push(...renderCatalog(report));
  if (report.ddl.length > 0 && report.catalog.kind === 'none') {
    out.push('', `ATHENA DDL for the new partitions (--catalog none changes no catalog; run these, or MSCK REPAIR TABLE for Hive layouts)`);
    for (const statement of report.ddl.slice(0, MAX_LOCATION_ROWS)) out.push(`  ${statement}`);
    if (report.ddl.length > MAX_LOCATION_ROWS) out.push(`  … ${report.ddl.length - MAX_LOCATION_ROWS} more in --report json (field "ddl")`);
  }
  for (const warning of report.warnings) out.push('', `warning: ${warning}`);
  const after = report.checksum.after === report.checksum.before ? '' : `  after ${report.checksum.after}`;
  out.push('', `plan ${report.planHash.slice(0, 16)}  checksum ${report.checksum.before}${after}`);
  return out.join('\n') + '\n';
}

function renderCatalog(report: RunReport): string[] {
  const c = report.catalog;
  if (c.kind === 'none') return [];
  const out = ['', `CATALOG ${c.kind}:${c.table ?? ''}${c.projection ? ' (partition projection: nothing is written to Glue)' : ''}`];
  if (c.toRegister.length > 0) out.push(`  to register ${c.toRegister.length}: ${c.toRegister.slice(0, 5).join(', ')}${c.toRegister.length > 5 ? ', …' : ''}`);
  if (c.registered.length > 0) out.push(`  registered ${c.registered.length}: ${c.registered.slice(0, 5).join(', ')}${c.registered.length > 5 ? ', …' : ''}`);
  for (const f of c.failed.slice(0, MAX_LOCATION_ROWS)) out.push(`  failed ${f.partition}: ${f.reason}`);
  for (const i of c.invisible.slice(0, MAX_LOCATION_ROWS)) out.push(`  not queryable, nothing moved there: ${i.partition}: ${i.reason}`);
  for (const note of c.notes) out.push(`  note: ${note}`);
  return out;
}
