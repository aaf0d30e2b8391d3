/** RunReport → Markdown for tickets and incident notes (PURE). */
import { bytes, count } from './format.js';
import type { RunReport } from './types.js';

function cell(text: string): string {
  return '`' + text.replaceAll('`', "'").replaceAll('|', '\\|').replace(/[\r\n]/g, ' ') + '`';
}

export function renderMarkdown(report: RunReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(`# repartition ${report.command}: ${cell(report.tableRoot)}${report.dryRun ? ' (dry run)' : ''}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| window | ${report.window.from ?? 'start'} → ${report.window.to ?? 'end'} |`);
  out.push(`| objects | ${count(t.objects)} (${bytes(t.bytesRead)}) |`);
  out.push(`| records | ${count(t.records)} |`);
  out.push(`| late | ${count(t.late)} |`, `| early | ${count(t.early)} |`, `| unplaceable | ${count(t.unplaceable)} |`);
  out.push(`| moved${report.dryRun ? ' (planned)' : ''} | ${count(t.moved)} records from ${count(t.objectsToRewrite)} objects |`);
  out.push(`| unreadable objects | ${count(t.unreadableObjects)} |`, `| plan | ${cell(report.planHash)} |`, `| checksum | ${cell(report.checksum.before)} |`);
  if (report.moves.length > 0) {
    out.push('', '## Moves', '', '| from | to | records | objects |', '|---|---|---:|---:|');
    for (const m of report.moves) out.push(`| ${cell(m.from)} | ${cell(m.to)} | ${count(m.records)} | ${count(m.objects)} |`);
  }
  if (report.unplaceable.length > 0) {
    out.push('', '## Unplaceable (first 100)', '', '| object | line | reason |', '|---|---:|---|');
    for (const u of report.unplaceable) out.push(`| ${cell(u.object)} | ${u.line} | ${u.reason} |`);
  }
  if (report.unreadable.length > 0) {
    out.push('', '## Unreadable objects', '', '| object | reason | detail |', '|---|---|---|');
    for (const u of report.unreadable) out.push(`| ${cell(u.object)} | ${u.reason} | ${u.message.replace(/[|\r\n]/g, ' ')} |`);
  }
  const c = report.catalog;
  if (c.kind !== 'none' && (c.failed.length > 0 || c.invisible.length > 0 || c.registered.length > 0 || c.toRegister.length > 0)) {
    out.push('', `## Catalog ${c.kind}:${c.table ?? ''}${c.projection ? ' (partition projection)' : ''}`, '', '| partition | state | detail |', '|---|---|---|');
    for (const p of c.toRegister) out.push(`| ${cell(p)} | to register | |`);
    for (const p of c.registered) out.push(`| ${cell(p)} | registered | |`);
    for (const f of c.failed) out.push(`| ${cell(f.partition)} | failed | ${f.reason.replace(/[|\r\n]/g, ' ')} |`);
    for (const i of c.invisible) out.push(`| ${cell(i.partition)} | not queryable: nothing moved | ${i.reason.replace(/[|\r\n]/g, ' ')} |`);
  }
  return out.join('\n') + '\n';
}
